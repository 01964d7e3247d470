package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/go-sql-driver/mysql"
)

// errNoSuchTable is MySQL's ER_NO_SUCH_TABLE.
const errNoSuchTable = 1146

// Pending returns the versions of the embedded migrations that the database behind db has not recorded in
// schema_migrations, in the order Apply would apply them; none when the schema is current. A database that was
// never migrated (no schema_migrations) has every version pending. It only reads: a process that must not migrate
// uses it to refuse to start on a schema it does not know.
func Pending(ctx context.Context, db *sql.DB) ([]string, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: connect: %w", err)
	}
	defer conn.Close()
	done, err := recorded(ctx, conn)
	if my := (*mysql.MySQLError)(nil); errors.As(err, &my) && my.Number == errNoSuchTable {
		done, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	var pending []string
	for _, v := range Versions() {
		if !done[v] {
			pending = append(pending, v)
		}
	}
	return pending, nil
}
