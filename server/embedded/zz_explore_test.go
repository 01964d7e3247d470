package embedded_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/migrations"
)

func TestExplore(t *testing.T) {
	ctx := context.Background()
	var dsn string
	if d := testDSN(); d != "" {
		dsn = d
	} else {
		m := mustMySQL(t)
		dsn = m.DSN()
	}
	sdb := mustSQL(t, dsn)
	if _, err := migrations.Apply(ctx, sdb, testLog()); err != nil {
		t.Fatal(err)
	}
	db, err := database.Open(ctx, dsn, testLog())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	ex := func(q string, args ...any) {
		r, err := sdb.ExecContext(ctx, q, args...)
		if err != nil {
			t.Logf("EXEC %s -> ERR %v", q, err)
			return
		}
		n, _ := r.RowsAffected()
		id, _ := r.LastInsertId()
		t.Logf("EXEC %s -> rows=%d lastid=%d", q, n, id)
	}
	q1 := func(c interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}, q string, args ...any) string {
		var s sql.NullString
		err := c.QueryRowContext(ctx, q, args...).Scan(&s)
		if err != nil {
			return "ERR " + err.Error()
		}
		return fmt.Sprint(s.String)
	}
	ex("INSERT INTO tenants (slug,name,created_at,updated_at) VALUES ('a','A',?,?)", now, now)
	ex("INSERT INTO tenants (slug,name,created_at,updated_at) VALUES ('a','A2',?,?) ON DUPLICATE KEY UPDATE name=VALUES(name)", now, now)
	t.Log("name:", q1(sdb, "SELECT name FROM tenants WHERE slug='a'"))
	ex("INSERT INTO tenants (slug,name,created_at,updated_at) VALUES ('a','A3',?,?) ON DUPLICATE KEY UPDATE name='A2'", now, now)
	ex("INSERT IGNORE INTO tenants (slug,name,created_at,updated_at) VALUES ('a','A4',?,?)", now, now)
	t.Log("name:", q1(sdb, "SELECT name FROM tenants WHERE slug='a'"))
	ex("UPDATE tenants SET name='A2' WHERE slug='a'")
	ex("INSERT INTO tenants (slug,name,created_at,updated_at) VALUES ('b','B',?,?) AS new ON DUPLICATE KEY UPDATE name=new.name", now, now)

	// gorm OnConflict
	type tenant struct {
		ID        uint64 `gorm:"primaryKey"`
		Slug      string
		Name      string
		CreatedAt time.Time
		UpdatedAt time.Time
	}
	tb := db.Table("tenants")
	r := tb.Clauses(clause.OnConflict{DoNothing: true}).Create(&tenant{Slug: "a", Name: "dup"})
	t.Logf("gorm DoNothing: err=%v rows=%d", r.Error, r.RowsAffected)
	r = db.Table("tenants").Clauses(clause.OnConflict{UpdateAll: true}).Create(&tenant{Slug: "a", Name: "upd"})
	t.Logf("gorm UpdateAll: err=%v rows=%d", r.Error, r.RowsAffected)
	t.Log("name:", q1(sdb, "SELECT name FROM tenants WHERE slug='a'"))
	batch := []tenant{{Slug: "c1", Name: "c"}, {Slug: "c2", Name: "c"}, {Slug: "c3", Name: "c"}}
	r = db.Table("tenants").Create(&batch)
	t.Logf("batch: err=%v ids=%d %d %d", r.Error, batch[0].ID, batch[1].ID, batch[2].ID)
	t.Log("ids:", q1(sdb, "SELECT GROUP_CONCAT(CONCAT(id,':',slug) ORDER BY id) FROM tenants"))

	// savepoint
	err = db.Transaction(func(tx *gorm.DB) error {
		return tx.Transaction(func(tx2 *gorm.DB) error { return tx2.Exec("SELECT 1").Error })
	})
	t.Logf("nested tx: %v", err)

	// isolation and lost update
	c1, _ := sdb.Conn(ctx)
	c2, _ := sdb.Conn(ctx)
	defer c1.Close()
	defer c2.Close()
	e := func(c *sql.Conn, name, q string, args ...any) {
		_, err := c.ExecContext(ctx, q, args...)
		t.Logf("%s: %s -> %v", name, q, err)
	}
	e(c1, "c1", "BEGIN")
	e(c2, "c2", "BEGIN")
	t.Log("c1 count before:", q1(c1, "SELECT COUNT(*) FROM tenants"))
	e(c1, "c1", "INSERT INTO tenants (slug,name,created_at,updated_at) VALUES ('t1','T',?,?)", now, now)
	e(c2, "c2", "INSERT INTO tenants (slug,name,created_at,updated_at) VALUES ('t2','T',?,?)", now, now)
	t.Log("c2 sees t1 before commit:", q1(c2, "SELECT COUNT(*) FROM tenants WHERE slug='t1'"))
	e(c1, "c1", "COMMIT")
	t.Log("c2 sees t1 after c1 commit:", q1(c2, "SELECT COUNT(*) FROM tenants WHERE slug='t1'"))
	e(c2, "c2", "COMMIT")
	t.Log("after both commit t1,t2:", q1(sdb, "SELECT GROUP_CONCAT(slug) FROM tenants WHERE slug IN ('t1','t2')"))

	// conflicting updates of same row
	e(c1, "c1", "BEGIN")
	e(c2, "c2", "BEGIN")
	e(c1, "c1", "UPDATE tenants SET lockout_threshold = lockout_threshold + 1 WHERE slug='a'")
	e(c2, "c2", "UPDATE tenants SET lockout_threshold = lockout_threshold + 1 WHERE slug='a'")
	e(c1, "c1", "COMMIT")
	e(c2, "c2", "COMMIT")
	t.Log("threshold after two +1 (want 7):", q1(sdb, "SELECT lockout_threshold FROM tenants WHERE slug='a'"))

	// FOR UPDATE blocking
	e(c1, "c1", "BEGIN")
	t.Log("c1 for update:", q1(c1, "SELECT name FROM tenants WHERE slug='a' FOR UPDATE"))
	t.Log("c1 skip locked:", q1(c1, "SELECT name FROM tenants WHERE slug='a' FOR UPDATE SKIP LOCKED"))
	done := make(chan struct{})
	go func() {
		defer close(done)
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		start := time.Now()
		_, err := c2.ExecContext(cctx, "UPDATE tenants SET name='c2' WHERE slug='a'")
		t.Logf("c2 update while c1 holds FOR UPDATE: err=%v after %v", err, time.Since(start))
	}()
	<-done
	e(c1, "c1", "UPDATE tenants SET name='c1' WHERE slug='a'")
	e(c1, "c1", "COMMIT")
	t.Log("name after:", q1(sdb, "SELECT name FROM tenants WHERE slug='a'"))
	t.Log("isolation:", q1(sdb, "SELECT @@transaction_isolation"))
	t.Log("tx_isolation:", q1(sdb, "SELECT @@tx_isolation"))
	t.Log("autocommit:", q1(sdb, "SELECT @@autocommit"))
	t.Log("version:", q1(sdb, "SELECT VERSION()"))
	t.Log("sql_mode:", q1(sdb, "SELECT @@sql_mode"))
	t.Log("time_zone:", q1(sdb, "SELECT @@time_zone"))
	t.Log("now(6):", q1(sdb, "SELECT NOW(6)"), q1(sdb, "SELECT UTC_TIMESTAMP(6)"))
	ex("UPDATE tenants SET name=name WHERE slug='a'")
	ex("INSERT INTO tenants (slug,name,created_at,updated_at) VALUES (?,?,?,?)", string(make([]byte, 70)), "x", now, now)
	ex("INSERT INTO employees (tenant_id,name,created_at,updated_at) VALUES (1,'n',?,?)", now, now)
	ex("INSERT INTO employees (tenant_id,name,created_at,updated_at) VALUES (1,'n',?,?)", now, now)
	t.Log("null unique twice:", q1(sdb, "SELECT COUNT(*) FROM employees"))
	t.Log("case:", q1(sdb, "SELECT COUNT(*) FROM tenants WHERE slug='A'"))

	// count perf
	tx, _ := sdb.BeginTx(ctx, nil)
	stmt, _ := tx.PrepareContext(ctx, "INSERT INTO collab_recipients (tenant_id,item_id,recipient_id,state) VALUES (?,?,?,?)")
	start := time.Now()
	for i := range 20000 {
		st := "pending"
		if i%3 == 0 {
			st = "done"
		}
		if _, err := stmt.ExecContext(ctx, 1+i%4, i, i%100, st); err != nil {
			t.Fatal(err)
		}
	}
	_ = tx.Commit()
	t.Logf("20k inserts in one tx: %v", time.Since(start))
	for _, q := range []string{
		"SELECT COUNT(*) FROM collab_recipients",
		"SELECT COUNT(*) FROM collab_recipients WHERE tenant_id=2",
		"SELECT COUNT(*) FROM collab_recipients WHERE tenant_id=2 AND recipient_id=7 AND state='pending'",
		"SELECT COUNT(*) FROM collab_recipients WHERE tenant_id=2 AND item_id=9 AND recipient_id=9",
		"SELECT MAX(item_id) FROM collab_recipients WHERE tenant_id=2 AND recipient_id=7 AND state='pending'",
	} {
		start := time.Now()
		res := q1(sdb, q)
		t.Logf("%s = %s in %v", q, res, time.Since(start))
	}
	start = time.Now()
	rows, _ := sdb.QueryContext(ctx, "SELECT item_id FROM collab_recipients WHERE tenant_id=2 AND recipient_id=7 AND state='pending' ORDER BY item_id DESC LIMIT 20")
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	t.Logf("todo page: %d rows in %v", n, time.Since(start))
	start = time.Now()
	for range 100 {
		q1(sdb, "SELECT state FROM collab_recipients WHERE tenant_id=? AND item_id=? AND recipient_id=?", 2, 9, 9)
	}
	t.Logf("100 pk lookups: %v", time.Since(start))
	t.Log("explain:", q1(sdb, "EXPLAIN SELECT item_id FROM collab_recipients WHERE tenant_id=2 AND recipient_id=7 AND state='pending' ORDER BY item_id DESC LIMIT 20"))
	sqlDB, _ := db.DB()
	sqlDB.Close()
}
