window.YTD.account.part0 = [
  { "account" : { "email" : "michael.brennan@example.com", "username" : "mbrennan", "accountDisplayName" : "Michael Brennan", "accountId" : "900" } }
]
