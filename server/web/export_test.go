package web

// ClientOf is clientOf, for the table test of who a request's client is.
var ClientOf = clientOf
