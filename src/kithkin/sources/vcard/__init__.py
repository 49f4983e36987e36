"""vCard (RFC 6350, and the 2.1/3.0 files phones still write): :mod:`.reader` turns a file into records
through :mod:`.lines` (content lines: unfolding, decoding) and :mod:`.properties` (what each property means);
:mod:`.writer` writes records back as vCard 4.0."""
