"""The world the demo network lives in: real metro areas, their universities and
employers, majors, job titles, communities and interests.

These are public facts (names of real places, universities and companies);
the people and their histories are generated. Each region lists its local
schools (with the short names people use, which become aliases) and the
employers that hire there; national employers hire everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class School:
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Employer:
    name: str
    industry: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Region:
    name: str
    cities: tuple[str, ...]
    schools: tuple[School, ...]
    employers: tuple[Employer, ...]
    area_code: str
    weight: float


def _s(name: str, *aliases: str) -> School:
    return School(name, aliases)


def _e(name: str, industry: str, *aliases: str) -> Employer:
    return Employer(name, industry, aliases)


REGIONS: tuple[Region, ...] = (
    Region(
        "San Diego",
        ("San Diego", "Chula Vista", "Carlsbad", "Escondido", "Oceanside", "La Mesa"),
        (
            _s("San Diego State University", "SDSU", "San Diego State"),
            _s("University of California San Diego", "UCSD", "UC San Diego"),
            _s("University of San Diego", "USD"),
            _s("Point Loma Nazarene University", "PLNU"),
            _s("California State University San Marcos", "CSUSM", "Cal State San Marcos"),
        ),
        (
            _e("Qualcomm", "tech", "Qualcomm Inc."),
            _e("Illumina", "health"),
            _e("Intuit", "tech"),
            _e("Sempra", "business", "Sempra Energy"),
            _e("ServiceNow", "tech"),
            _e("Sharp HealthCare", "health", "Sharp"),
            _e("Scripps Health", "health"),
            _e("Petco", "business"),
            _e("Viasat", "engineering"),
            _e("General Atomics", "engineering"),
            _e("LPL Financial", "finance"),
            _e("San Diego Unified School District", "public", "SDUSD"),
            _e("Brain Corp", "tech"),
            _e("Cubic", "engineering", "Cubic Corporation"),
        ),
        "619",
        3.3,
    ),
    Region(
        "Los Angeles",
        ("Los Angeles", "Long Beach", "Pasadena", "Santa Monica", "Irvine", "Burbank"),
        (
            _s("University of California Los Angeles", "UCLA"),
            _s("University of Southern California", "USC"),
            _s("California State University Long Beach", "CSULB", "Cal State Long Beach", "Long Beach State"),
            _s("Loyola Marymount University", "LMU"),
            _s("Pepperdine University", "Pepperdine"),
        ),
        (
            _e("The Walt Disney Company", "creative", "Disney"),
            _e("SpaceX", "engineering", "Space Exploration Technologies"),
            _e("Snap Inc.", "tech", "Snap", "Snapchat"),
            _e("Northrop Grumman", "engineering"),
            _e("Cedars-Sinai", "health", "Cedars-Sinai Medical Center"),
            _e("Hulu", "creative"),
            _e("Blizzard Entertainment", "creative", "Blizzard"),
            _e("Capital Group", "finance"),
            _e("Los Angeles Unified School District", "public", "LAUSD"),
            _e("AECOM", "engineering"),
        ),
        "213",
        1.6,
    ),
    Region(
        "San Francisco Bay Area",
        ("San Francisco", "Oakland", "San Jose", "Palo Alto", "Berkeley", "Mountain View"),
        (
            _s("Stanford University", "Stanford"),
            _s("University of California Berkeley", "UC Berkeley", "Cal", "Berkeley"),
            _s("San Jose State University", "SJSU", "San Jose State"),
            _s("Santa Clara University", "SCU"),
            _s("San Francisco State University", "SFSU", "SF State"),
        ),
        (
            _e("Google", "tech", "Alphabet"),
            _e("Salesforce", "tech"),
            _e("Apple", "tech", "Apple Inc."),
            _e("Genentech", "health"),
            _e("Wells Fargo", "finance"),
            _e("Meta", "tech", "Facebook"),
            _e("Cisco", "tech", "Cisco Systems"),
            _e("Gap Inc.", "business", "Gap"),
            _e("Kaiser Permanente", "health", "Kaiser"),
            _e("Pacific Gas and Electric", "engineering", "PG&E"),
            _e("IDEO", "creative"),
        ),
        "415",
        1.4,
    ),
    Region(
        "Seattle",
        ("Seattle", "Bellevue", "Redmond", "Tacoma", "Kirkland"),
        (
            _s("University of Washington", "UW", "UDub"),
            _s("Seattle University", "SU"),
            _s("Washington State University", "WSU", "Wazzu"),
            _s("Western Washington University", "WWU"),
        ),
        (
            _e("Amazon", "tech", "Amazon.com"),
            _e("Microsoft", "tech", "MSFT"),
            _e("Boeing", "engineering", "The Boeing Company"),
            _e("Starbucks", "business"),
            _e("Nordstrom", "business"),
            _e("T-Mobile", "tech"),
            _e("Fred Hutchinson Cancer Center", "health", "Fred Hutch"),
            _e("REI", "business", "Recreational Equipment Inc."),
        ),
        "206",
        1.0,
    ),
    Region(
        "Austin",
        ("Austin", "Round Rock", "San Marcos", "Cedar Park"),
        (
            _s("University of Texas at Austin", "UT Austin", "UT"),
            _s("Texas State University", "Texas State"),
            _s("Texas A&M University", "Texas A&M", "TAMU"),
            _s("St. Edward's University", "St. Edward's"),
        ),
        (
            _e("Dell Technologies", "tech", "Dell"),
            _e("Oracle", "tech"),
            _e("Tesla", "engineering"),
            _e("Whole Foods Market", "business", "Whole Foods"),
            _e("Indeed", "tech"),
            _e("Ascension Seton", "health", "Seton"),
            _e("H-E-B", "business", "HEB"),
        ),
        "512",
        0.8,
    ),
    Region(
        "New York",
        ("New York", "Brooklyn", "Jersey City", "Hoboken", "Yonkers"),
        (
            _s("New York University", "NYU"),
            _s("Columbia University", "Columbia"),
            _s("Baruch College", "Baruch", "CUNY Baruch"),
            _s("Fordham University", "Fordham"),
            _s("Rutgers University", "Rutgers"),
        ),
        (
            _e("JPMorgan Chase", "finance", "JPMorgan", "Chase"),
            _e("Goldman Sachs", "finance", "Goldman"),
            _e("Pfizer", "health"),
            _e("NBCUniversal", "creative", "NBC"),
            _e("Bloomberg", "finance", "Bloomberg LP"),
            _e("Mount Sinai Health System", "health", "Mount Sinai"),
            _e("The New York Times", "creative", "NYT", "New York Times"),
            _e("Etsy", "tech"),
        ),
        "212",
        1.5,
    ),
    Region(
        "Chicago",
        ("Chicago", "Evanston", "Naperville", "Oak Park", "Schaumburg"),
        (
            _s("Northwestern University", "Northwestern", "NU"),
            _s("University of Chicago", "UChicago"),
            _s("University of Illinois Urbana-Champaign", "UIUC", "Illinois"),
            _s("DePaul University", "DePaul"),
            _s("Loyola University Chicago", "Loyola Chicago"),
        ),
        (
            _e("Abbott Laboratories", "health", "Abbott"),
            _e("United Airlines", "business", "United"),
            _e("McDonald's", "business", "McDonalds"),
            _e("Allstate", "finance"),
            _e("Walgreens", "health", "Walgreens Boots Alliance"),
            _e("Motorola Solutions", "tech", "Motorola"),
            _e("Northern Trust", "finance"),
        ),
        "312",
        1.0,
    ),
    Region(
        "Phoenix",
        ("Phoenix", "Tempe", "Scottsdale", "Mesa", "Chandler"),
        (
            _s("Arizona State University", "ASU", "Arizona State"),
            _s("University of Arizona", "UA", "U of A"),
            _s("Northern Arizona University", "NAU"),
            _s("Grand Canyon University", "GCU"),
        ),
        (
            _e("Intel", "tech", "Intel Corporation"),
            _e("Honeywell Aerospace", "engineering", "Honeywell"),
            _e("Banner Health", "health", "Banner"),
            _e("American Express", "finance", "Amex"),
            _e("GoDaddy", "tech"),
            _e("Axon", "tech", "Axon Enterprise"),
        ),
        "602",
        0.8,
    ),
)

NATIONAL_EMPLOYERS: tuple[Employer, ...] = (
    _e("Deloitte", "business"),
    _e("Accenture", "tech"),
    _e("PwC", "finance", "PricewaterhouseCoopers"),
    _e("EY", "finance", "Ernst & Young"),
    _e("KPMG", "finance"),
    _e("Target", "business", "Target Corporation"),
    _e("IBM", "tech"),
    _e("Enterprise Mobility", "business", "Enterprise Rent-A-Car"),
    _e("Teach For America", "public", "TFA"),
    _e("Edward Jones", "finance"),
    _e("Ogilvy", "creative"),
    _e("Self-employed", "business", "Freelance"),
)

# Majors with the industry their graduates mostly go into, and a popularity weight.
MAJORS: tuple[tuple[str, str, float], ...] = (
    ("Business Administration", "business", 9.0),
    ("Marketing", "business", 5.0),
    ("Finance", "finance", 5.0),
    ("Accounting", "finance", 4.0),
    ("Economics", "finance", 3.0),
    ("Computer Science", "tech", 7.0),
    ("Computer Engineering", "tech", 2.0),
    ("Information Systems", "tech", 2.0),
    ("Electrical Engineering", "engineering", 2.5),
    ("Mechanical Engineering", "engineering", 2.5),
    ("Civil Engineering", "engineering", 1.5),
    ("Aerospace Engineering", "engineering", 1.0),
    ("Biology", "health", 5.0),
    ("Nursing", "health", 4.0),
    ("Public Health", "health", 1.5),
    ("Chemistry", "health", 1.5),
    ("Kinesiology", "health", 1.5),
    ("Psychology", "health", 5.0),
    ("Communication", "creative", 4.0),
    ("Journalism", "creative", 1.5),
    ("Graphic Design", "creative", 1.5),
    ("Film and Television", "creative", 1.0),
    ("English", "creative", 2.0),
    ("Political Science", "public", 2.5),
    ("Sociology", "public", 2.0),
    ("History", "public", 1.5),
    ("Liberal Studies", "public", 1.5),
    ("Hospitality and Tourism Management", "business", 1.0),
    ("Mathematics", "tech", 1.5),
    ("Statistics", "tech", 0.8),
)

GRAD_DEGREES: dict[str, tuple[str, ...]] = {
    "business": ("MBA",),
    "finance": ("MBA", "MS Finance", "MS Accountancy"),
    "tech": ("MS Computer Science", "MBA", "MS Data Science"),
    "engineering": ("MS Engineering", "MBA"),
    "health": ("MD", "MPH", "MS Nursing", "PhD Biology"),
    "creative": ("MFA", "MA Communication"),
    "public": ("JD", "MPA", "MA Education"),
}

# Titles by industry, from junior to senior; seniority picks the position.
TITLES: dict[str, tuple[str, ...]] = {
    "business": (
        "Sales Associate",
        "Account Executive",
        "Marketing Coordinator",
        "Marketing Manager",
        "Operations Manager",
        "Brand Director",
        "Vice President of Sales",
    ),
    "finance": (
        "Staff Accountant",
        "Financial Analyst",
        "Senior Financial Analyst",
        "Controller",
        "Finance Manager",
        "Director of Finance",
        "Chief Financial Officer",
    ),
    "tech": (
        "Software Engineer",
        "Data Analyst",
        "Senior Software Engineer",
        "Product Manager",
        "Engineering Manager",
        "Director of Engineering",
        "VP of Product",
    ),
    "engineering": (
        "Engineer I",
        "Test Engineer",
        "Systems Engineer",
        "Senior Engineer",
        "Program Manager",
        "Principal Engineer",
        "Director of Engineering",
    ),
    "health": (
        "Research Associate",
        "Registered Nurse",
        "Clinical Research Coordinator",
        "Scientist",
        "Nurse Manager",
        "Senior Scientist",
        "Director of Clinical Operations",
    ),
    "creative": (
        "Production Assistant",
        "Copywriter",
        "Designer",
        "Content Strategist",
        "Creative Director",
        "Head of Communications",
        "Executive Producer",
    ),
    "public": (
        "Teacher",
        "Program Coordinator",
        "Policy Analyst",
        "Attorney",
        "Program Director",
        "Principal",
        "Executive Director",
    ),
}

# Communities in every city: {city} is filled in.
CITY_COMMUNITIES: tuple[str, ...] = (
    "Rotary Club of {city}",
    "{city} Chamber of Commerce",
    "Toastmasters {city}",
    "{city} Young Professionals",
    "{city} Tech Meetup",
    "{city} Women in Business",
    "{city} Running Club",
    "{city} Habitat for Humanity volunteers",
)

# Events in every region: {region} is filled in; the second field is the interest they draw on.
EVENT_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("{region} Marketing Summit", "marketing"),
    ("{region} Startup Week", "startups"),
    ("{region} Product Camp", "product management"),
    ("Women in Tech {region}", "technology"),
    ("{region} Small Business Expo", "local business"),
    ("{region} Healthcare Innovation Forum", "healthcare"),
    ("{region} Half Marathon", "running"),
    ("Design Thinking Workshop, {region}", "design"),
    ("{region} Real Estate Investors Meetup", "real estate"),
    ("Python Users Group {region}", "programming"),
    ("Leadership Training, {region}", "leadership"),
    ("Wine tasting happy hour, {region}", "wine"),
    ("{region} Film Festival", "film"),
    ("Data Science Happy Hour, {region}", "data science"),
    ("Nonprofit Board Training, {region}", "volunteering"),
)

INTERESTS: tuple[str, ...] = (
    "running",
    "hiking",
    "surfing",
    "cycling",
    "yoga",
    "golf",
    "tennis",
    "pickleball",
    "rock climbing",
    "skiing",
    "photography",
    "cooking",
    "wine",
    "craft beer",
    "coffee",
    "reading",
    "podcasts",
    "film",
    "jazz",
    "live music",
    "guitar",
    "board games",
    "chess",
    "gardening",
    "travel",
    "sailing",
    "fishing",
    "marketing",
    "startups",
    "local business",
    "investing",
    "real estate",
    "product management",
    "design",
    "programming",
    "data science",
    "technology",
    "leadership",
    "healthcare",
    "volunteering",
    "public speaking",
    "parenting",
    "dogs",
    "baseball",
    "soccer",
    "basketball",
    "football",
    "politics",
    "history",
    "languages",
)

EMAIL_DOMAINS: tuple[str, ...] = ("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com")
