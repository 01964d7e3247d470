package graph

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/tenancy"
)

// loaders batch the lookups of one request: a page of 20 items asks for its senders in one query.
type loaders struct {
	employee *dataloadgen.Loader[uint64, directory.Employee]
	// roles are employees' system roles: an admin's staff page asks for them row by row.
	roles *dataloadgen.Loader[uint64, []directory.SystemRole]
	// departments are the departments of published items' audiences, nil for one deleted since it was chosen.
	departments *dataloadgen.Loader[uint64, *directory.Department]
	// recipientSummaries are items' recipients in brief: a page of the sent list asks for them row by row.
	recipientSummaries *dataloadgen.Loader[uint64, oa.RecipientSummary]

	// The viewer's details of objects, memoised per request (see memo).
	views       memo[oa.View]
	notices     memo[notice.Entry]
	surveys     memo[survey.View]
	discussions memo[discussion.Discussion]
}

// loaderWait is how long a loader collects keys before it fetches. gqlgen resolves a page's fields in goroutines
// started together, so a page's keys arrive within a millisecond or two; dataloadgen's default of 16 ms was added
// to every page showing senders. Measured on the todo page at one client (graph/bench, -clients 1): p50 22 ms,
// p99 41 ms with 16 ms; 7.9 ms and 16 ms with 2 ms. Under load a late key now and then costs a second small query.
const loaderWait = 2 * time.Millisecond

type loadersKey struct{}

type loaderFactory struct{ r *Resolver }

func newLoaderFactory(r *Resolver) loaderFactory { return loaderFactory{r: r} }

// attach gives the request its own loaders. They are made on first use, because the tenant is known only after
// authentication, and the tenant is captured then so batched fetches never depend on a caller's context.
func (f loaderFactory) attach(ctx context.Context) context.Context {
	return context.WithValue(ctx, loadersKey{}, &lazyLoaders{r: f.r})
}

type lazyLoaders struct {
	r   *Resolver
	mu  sync.Mutex
	l   *loaders
	tid tenancy.ID
}

func loadersFor(ctx context.Context) (*loaders, error) {
	tid, err := tenancy.MustFrom(ctx)
	if err != nil {
		return nil, err
	}
	lz, _ := ctx.Value(loadersKey{}).(*lazyLoaders)
	if lz == nil {
		return nil, errors.New("graph: no loaders attached to the request")
	}
	lz.mu.Lock()
	defer lz.mu.Unlock()
	if lz.l == nil || lz.tid != tid {
		lz.l, lz.tid = newLoaders(lz.r, tid), tid
	}
	return lz.l, nil
}

func newLoaders(r *Resolver, tid tenancy.ID) *loaders {
	return &loaders{
		employee: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uint64) (map[uint64]directory.Employee, error) {
			return r.Directory.EmployeesByIDs(tenancy.WithTenant(ctx, tid), ids)
		}, dataloadgen.WithWait(loaderWait)),
		roles: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uint64) (map[uint64][]directory.SystemRole, error) {
			return r.Directory.SystemRolesOfEmployees(tenancy.WithTenant(ctx, tid), ids)
		}, dataloadgen.WithWait(loaderWait)),
		departments: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uint64) (map[uint64]*directory.Department, error) {
			found, err := r.Directory.DepartmentsByIDs(tenancy.WithTenant(ctx, tid), ids)
			if err != nil {
				return nil, err
			}
			out := make(map[uint64]*directory.Department, len(ids))
			for _, id := range ids {
				if d, ok := found[id]; ok {
					out[id] = &d
				} else {
					out[id] = nil
				}
			}
			return out, nil
		}, dataloadgen.WithWait(loaderWait)),
		recipientSummaries: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uint64) (map[uint64]oa.RecipientSummary, error) {
			found, err := r.OA.RecipientSummaries(tenancy.WithTenant(ctx, tid), ids)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if _, ok := found[id]; !ok {
					found[id] = oa.RecipientSummary{} // every item has recipients; an empty one is not an error
				}
			}
			return found, nil
		}, dataloadgen.WithWait(loaderWait)),
	}
}
