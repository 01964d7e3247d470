package migrations

// Split exposes split to the external tests.
var Split = split
