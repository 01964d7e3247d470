package mp

// KeywordsOf exposes keywordsOf to the tests.
var KeywordsOf = keywordsOf
