"""A refurbisher's payout statements: what it sold, the commission kept, what went back, what it is paid."""
