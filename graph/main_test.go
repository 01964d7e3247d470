package graph_test

import (
	"os"
	"testing"

	"github.com/qiao-hq/qiao/testkit"
)

// dsn is this package's fresh database, shared by its tests; each test makes its own tenants.
var dsn string

func TestMain(m *testing.M) {
	var drop func()
	dsn, drop = testkit.MainDatabase()
	code := m.Run()
	drop()
	os.Exit(code)
}
