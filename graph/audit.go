package graph

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/audit"
	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/partners"
)

// auditDirective implements @audit: once the field has succeeded, its change goes to the tenant's audit log with
// who made it (the admin's login, or the partner and its key's prefix), from where (the client's address), when,
// and its arguments as sent, secrets masked. The entry is written after the change commits, in its own statement:
// the services keep their transactions, and one mechanism covers every configuration field. A failure to write it
// is logged as an error; the change stands. The field runs with the actor in its ctx too, so a service that records a
// consequence of the change in its own transaction (a WeChat binding a resignation ends) names the same actor.
func auditDirective(db *gorm.DB, dir *directory.Store, now func() time.Time, log *slog.Logger) func(context.Context, any, graphql.Resolver, string) (any, error) {
	return func(ctx context.Context, _ any, next graphql.Resolver, action string) (any, error) {
		actx := withAuditActor(ctx, dir)
		res, err := next(actx)
		if err != nil {
			return res, err
		}
		fc := graphql.GetFieldContext(ctx)
		var vars map[string]any
		if graphql.HasOperationContext(ctx) {
			vars = graphql.GetOperationContext(ctx).Variables
		}
		args := fc.Field.ArgumentMap(vars)
		c := audit.Change{Action: action, Target: auditTarget(args), Changes: maskArgs(args).(map[string]any)}
		if werr := audit.Record(actx, db, now(), c); werr != nil {
			a, _ := audit.ActorFrom(actx)
			log.ErrorContext(ctx, "audit entry not written", "action", action, "actor", a.ID, "err", werr)
		}
		return res, nil
	}
}

// withAuditActor returns ctx naming who is asking for the audit log (auditActor).
func withAuditActor(ctx context.Context, dir *directory.Store) context.Context {
	return audit.WithActor(ctx, auditActor(ctx, dir))
}

// auditActor names who is asking: a partner by its slug and key prefix, an admin by login (account ID when the
// login cannot be read).
func auditActor(ctx context.Context, dir *directory.Store) audit.Actor {
	src := auth.ClientFrom(ctx)
	if p, ok := partners.AccessFrom(ctx); ok {
		return audit.Actor{Kind: audit.Partner, ID: p.Partner + " " + p.KeyPrefix + "…", Source: src}
	}
	a, _ := auth.ActorFrom(ctx)
	id := fmt.Sprintf("account %d", a.AccountID)
	if acct, err := dir.Account(ctx, a.AccountID); err == nil {
		id = acct.Login
	}
	return audit.Actor{Kind: audit.Admin, ID: id, Source: src}
}

// auditTarget is the first argument that names what the field acts on.
func auditTarget(args map[string]any) string {
	for _, k := range []string{"id", "code", "system", "name", "employeeId", "departmentId"} {
		if v, ok := args[k]; ok && v != nil {
			return fmt.Sprint(v)
		}
	}
	return ""
}

// secretArg reports whether an argument's name says it holds a secret.
func secretArg(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"secret", "password", "token", "key"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// maskArgs returns v with every string under a secret's name masked (audit.Mask), at any depth.
func maskArgs(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			if s, ok := x.(string); ok && secretArg(k) {
				out[k] = audit.Mask(s)
				continue
			}
			out[k] = maskArgs(x)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = maskArgs(x)
		}
		return out
	}
	return v
}
