package sysmsg

import "time"

// SetClock makes s read the time from now, for tests of what Post records when.
func SetClock(s *Service, now func() time.Time) { s.now = now }
