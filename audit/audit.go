// Package audit keeps each tenant's audit log: every change an admin, a partner or the operator makes to the
// tenant's configuration, with who made it, through which account or key, from where, when, and what changed.
// A change and its entry are written in one transaction (Record takes the change's tx), so the log neither misses
// a change nor records one that did not happen. Values that are secrets are masked by the writer (Mask) before they
// reach the log.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
)

// Kind is who made a change.
type Kind string

// The kinds of actor.
const (
	Operator Kind = "operator" // the operator's command line (`qiao tenant …`)
	Admin    Kind = "admin"    // a tenant admin, signed in
	Partner  Kind = "partner"  // a partner, with its API key
	Employee Kind = "employee" // a person acting on their own account (binding their WeChat, signing out)
	System   Kind = "system"   // Qiao itself, following a rule (a binding ended because its WeChat was bound again)
)

// Actor is who makes the changes of a request: its kind, which account, key or person (ID), and from where
// (Source: the client's address, or "cli").
type Actor struct {
	Kind   Kind
	ID     string
	Source string
}

type actorKey struct{}

// WithActor returns ctx carrying a, for Record.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor WithActor put in ctx.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// Entry is one change, as read back (table audit_log).
type Entry struct {
	ID        uint64 `gorm:"primaryKey"`
	TenantID  uint64
	At        time.Time
	ActorKind Kind
	Actor     string
	Source    string
	Action    string
	Target    string
	Changes   json.RawMessage `gorm:"type:json"`
}

// TableName implements gorm's tabler.
func (Entry) TableName() string { return "audit_log" }

// Change is what Record writes: an action ("tenant.create", "wecom.bind"), what it acted on, and the changed
// values by name (secrets already Masked).
type Change struct {
	Action  string
	Target  string
	Changes map[string]any
}

// Record writes c to the log of the tenant in ctx, in tx (the change's own transaction), as made by the actor in
// ctx at now. It returns internal when ctx carries no actor (a change nobody can be named for is a bug) or no
// tenant.
func Record(ctx context.Context, tx *gorm.DB, now time.Time, c Change) error {
	a, ok := ActorFrom(ctx)
	if !ok || a.Kind == "" {
		return apperr.E(apperr.Internal, "audit: %s without an actor", c.Action)
	}
	changes := c.Changes
	if changes == nil {
		changes = map[string]any{}
	}
	raw, err := json.Marshal(changes)
	if err != nil {
		return apperr.Wrap(fmt.Errorf("audit %s: %w", c.Action, err), apperr.Internal, "audit: encode changes")
	}
	e := Entry{At: now.UTC(), ActorKind: a.Kind, Actor: a.ID, Source: a.Source, Action: c.Action, Target: c.Target, Changes: raw}
	if err := tx.WithContext(ctx).Create(&e).Error; err != nil {
		return apperr.Wrap(fmt.Errorf("audit %s: %w", c.Action, err), apperr.Internal, "audit: record")
	}
	return nil
}

// MaxPage is the most entries List returns at once.
const MaxPage = 100

// List returns the log of the tenant in ctx, newest first: up to first entries older than the entry before (0:
// from the newest). It returns invalid for first outside 1–MaxPage.
func List(ctx context.Context, db *gorm.DB, first int, before uint64) ([]Entry, error) {
	if first < 1 || first > MaxPage {
		return nil, apperr.InvalidField("first", "每页 1–%d 条", MaxPage)
	}
	q := db.WithContext(ctx).Order("id DESC").Limit(first)
	if before > 0 {
		q = q.Where("id < ?", before)
	}
	var out []Entry
	if err := q.Find(&out).Error; err != nil {
		return nil, apperr.Wrap(err, apperr.Internal, "audit: list")
	}
	return out, nil
}

// Mask shows a secret as the log and the screens may: its last four characters after a fixed run of dots, so two
// secrets can be told apart without either being readable; "" stays "" (no secret).
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	r := []rune(secret)
	if len(r) <= 8 {
		return "••••"
	}
	return "••••" + string(r[len(r)-4:])
}

// Page is a page of the log, newest first, with the cursor of the next page ("" after the last).
type Page struct {
	Entries []Entry
	Next    string
}

// ListPage is List with an opaque cursor: after is the Next of the page before ("" for the newest). It returns
// invalid for a malformed cursor or first outside 1–MaxPage.
func ListPage(ctx context.Context, db *gorm.DB, first int, after string) (Page, error) {
	before, err := database.ParseIDCursor(after)
	if err != nil {
		return Page{}, err
	}
	entries, err := List(ctx, db, first, before)
	if err != nil {
		return Page{}, err
	}
	p := Page{Entries: entries}
	if len(entries) == first {
		more, err := List(ctx, db, 1, entries[first-1].ID)
		if err != nil {
			return Page{}, err
		}
		if len(more) > 0 {
			p.Next = database.IDCursor(entries[first-1].ID)
		}
	}
	return p, nil
}
