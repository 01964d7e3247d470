package main

// What the operator's commands (qiao tenant, qiao partner) share: the migrated database and refusals worded for
// the command line.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/migrations"
	"github.com/qiao-hq/qiao/tenancy"
)

// openMigrated opens DATABASE_URL with the tenancy plugin, refusing a schema that is behind, and returns it with
// the function that closes it.
func openMigrated(ctx context.Context, getenv func(string) string) (*gorm.DB, func(), error) {
	db, err := openURL(ctx, getenv, "the embedded store of `make run` lives only as long as its process")
	if err != nil {
		return nil, nil, err
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, nil, err
	}
	closeDB := func() { _ = sqlDB.Close() }
	if err := db.Use(tenancy.Plugin{}); err != nil {
		closeDB()
		return nil, nil, err
	}
	pending, err := migrations.Pending(ctx, sqlDB)
	if err != nil {
		closeDB()
		return nil, nil, err
	}
	if len(pending) > 0 {
		closeDB()
		return nil, nil, fmt.Errorf("the schema is behind (%s pending): run qiao migrate first", strings.Join(pending, ", "))
	}
	return db, closeDB, nil
}

// describe turns a refusal into the sentence the operator reads, naming the flag where there is one.
func describe(err error) error {
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Code == apperr.Internal {
		return err
	}
	flagOf := map[string]string{"slug": "--slug", "name": "--name", "adminLogin": "--admin", "login": "--admin", "adminName": "--admin-name", "overlap": "--overlap"}
	if f, ok := flagOf[ae.Field]; ok {
		return fmt.Errorf("%s: %s", f, ae.Msg)
	}
	return errors.New(ae.Msg)
}
