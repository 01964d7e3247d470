package tenancy

import (
	"context"
	"fmt"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/schema"
)

// Plugin is the gorm plugin that enforces tenant scoping; register it once with db.Use(tenancy.Plugin{}).
//
// A model is tenant-scoped when it has a field named TenantID, or a field tagged `tenant:"key"` (the tenants
// table itself, whose id is the tenant). Raw SQL (db.Raw, db.Exec) cannot be rewritten, so it only gets the
// fail-closed check: its SQL must carry the tenant explicitly.
type Plugin struct{}

// Name implements gorm.Plugin.
func (Plugin) Name() string { return "qiao:tenancy" }

// Initialize implements gorm.Plugin.
func (Plugin) Initialize(db *gorm.DB) error {
	cb := db.Callback()
	regs := []error{
		cb.Create().Before("gorm:create").Register("tenancy:create", stampCreate),
		cb.Query().Before("gorm:query").Register("tenancy:query", scopeWhere),
		cb.Update().Before("gorm:update").Register("tenancy:update", scopeWhere),
		cb.Delete().Before("gorm:delete").Register("tenancy:delete", scopeWhere),
		cb.Row().Before("gorm:row").Register("tenancy:row", scopeWhere),
		cb.Raw().Before("gorm:raw").Register("tenancy:raw", requireContext),
	}
	for _, err := range regs {
		if err != nil {
			return fmt.Errorf("register tenancy callback: %w", err)
		}
	}
	return nil
}

// tenantField finds the tenant column of a model, or nil for models that are not tenant-scoped.
func tenantField(s *schema.Schema) *schema.Field {
	if s == nil {
		return nil
	}
	for _, f := range s.Fields {
		if f.Tag.Get("tenant") == "key" {
			return f
		}
	}
	return s.LookUpField("TenantID")
}

// ctxTenant reads the statement's context: the tenant, whether it is a System context, or an error.
func ctxTenant(ctx context.Context) (ID, bool, error) {
	if ctx == nil {
		return 0, false, ErrNoTenant
	}
	if id, ok := FromContext(ctx); ok {
		return id, false, nil
	}
	if IsSystem(ctx) {
		return 0, true, nil
	}
	return 0, false, ErrNoTenant
}

const scopedMarker = "tenancy:scoped"

func scopeWhere(db *gorm.DB) {
	if db.Error != nil {
		return
	}
	stmt := db.Statement
	id, system, err := ctxTenant(stmt.Context)
	if err != nil {
		_ = db.AddError(fmt.Errorf("%s on %s: %w", "query", stmt.Table, err))
		return
	}
	if system || stmt.SQL.Len() > 0 {
		return // raw SQL carries its own tenant condition
	}
	if stmt.Schema == nil {
		// db.Table("x") without a model: the plugin cannot know x's tenant column, so it refuses rather than
		// reading every tenant's rows.
		_ = db.AddError(fmt.Errorf("%s without a model: %w", stmt.Table, ErrUnscopable))
		return
	}
	f := tenantField(stmt.Schema)
	if f == nil {
		return
	}
	if err := refuseTenantChange(stmt, f, id); err != nil {
		_ = db.AddError(err)
		return
	}
	// Statements can pass through the callbacks more than once (Count then Find on one chain); add the clause once.
	if _, done := stmt.Clauses[scopedMarker]; done {
		return
	}
	stmt.Clauses[scopedMarker] = clause.Clause{}
	stmt.AddClause(clause.Where{Exprs: []clause.Expression{
		clause.Eq{Column: clause.Column{Table: clause.CurrentTable, Name: f.DBName}, Value: id},
	}})
}

// refuseTenantChange stops an update from moving rows to another tenant.
func refuseTenantChange(stmt *gorm.Statement, f *schema.Field, id ID) error {
	moved := fmt.Errorf("update of %s sets its tenant column: %w", stmt.Table, ErrUnscopable)
	switch dest := stmt.Dest.(type) {
	case map[string]any:
		for k := range dest {
			if k == f.DBName || k == f.Name {
				return moved
			}
		}
	case nil:
	default:
		rv := reflect.Indirect(reflect.ValueOf(dest))
		if rv.Kind() == reflect.Struct && rv.Type() == stmt.Schema.ModelType {
			if v, zero := f.ValueOf(stmt.Context, rv); !zero && v != id {
				return moved
			}
		}
	}
	return nil
}

func requireContext(db *gorm.DB) {
	if db.Error != nil {
		return
	}
	if _, _, err := ctxTenant(db.Statement.Context); err != nil {
		_ = db.AddError(fmt.Errorf("raw sql: %w", err))
	}
}

func stampCreate(db *gorm.DB) {
	if db.Error != nil {
		return
	}
	stmt := db.Statement
	id, system, err := ctxTenant(stmt.Context)
	if err != nil {
		_ = db.AddError(fmt.Errorf("insert into %s: %w", stmt.Table, err))
		return
	}
	f := tenantField(stmt.Schema)
	if f == nil || f.Tag.Get("tenant") == "key" {
		return // the tenants table gets its id from AUTO_INCREMENT
	}
	rv := stmt.ReflectValue
	each := func(v reflect.Value) {
		cur, zero := f.ValueOf(stmt.Context, v)
		switch {
		case system && zero:
			_ = db.AddError(fmt.Errorf("insert into %s: system context needs an explicit tenant: %w", stmt.Table, ErrNoTenant))
		case system:
		case zero:
			if err := f.Set(stmt.Context, v, id); err != nil {
				_ = db.AddError(fmt.Errorf("stamp tenant: %w", err))
			}
		case cur != id:
			_ = db.AddError(fmt.Errorf("insert into %s: row of tenant %v in context of tenant %d", stmt.Table, cur, id))
		}
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			each(reflect.Indirect(rv.Index(i)))
		}
	case reflect.Struct:
		each(rv)
	}
}
