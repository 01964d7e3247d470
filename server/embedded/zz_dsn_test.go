package embedded_test

import "os"

func testDSN() string { return os.Getenv("EXPLORE_DSN") }
