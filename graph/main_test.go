package graph_test

import (
	"testing"

	"github.com/qiao-hq/qiao/testkit"
)

// dsn is this package's fresh database, shared by its tests; each test makes its own tenants.
var dsn string

func TestMain(m *testing.M) { testkit.Main(m, &dsn) }
