package bench_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuClock reads the CPU time this process and the local database server have spent, so a load can report what
// each request cost each of them. The database server is found by name in /proc (mariadbd or mysqld); where it is
// not local, or /proc is absent, its time reads zero and only this process is reported.
type cpuClock struct{ dbPID int }

func newCPUClock() cpuClock {
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(filepath.Join("/proc", d.Name(), "comm"))
		if err != nil {
			continue
		}
		if name := strings.TrimSpace(string(comm)); name == "mariadbd" || name == "mysqld" {
			return cpuClock{dbPID: pid}
		}
	}
	return cpuClock{}
}

// cpuTimes is CPU time spent so far: by this process (server, load generator and all) and by the database server.
type cpuTimes struct{ self, db time.Duration }

func (c cpuClock) now() cpuTimes {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	t := cpuTimes{self: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
	if c.dbPID == 0 {
		return t
	}
	raw, err := os.ReadFile("/proc/" + strconv.Itoa(c.dbPID) + "/stat")
	if err != nil {
		return t
	}
	// Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks
	// (100 a second on Linux).
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return t
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	t.db = time.Duration(ut+st) * 10 * time.Millisecond
	return t
}

func (t cpuTimes) sub(o cpuTimes) cpuTimes { return cpuTimes{self: t.self - o.self, db: t.db - o.db} }
