package graph

import (
	"context"
	"sync"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
)

// employee loads one employee through the request's batching loader.
func (r *Resolver) employee(ctx context.Context, id uint64) (*directory.Employee, error) {
	l, err := loadersFor(ctx)
	if err != nil {
		return nil, err
	}
	e, err := l.employee.Load(ctx, id)
	return &e, err
}

// view returns the viewer's view of an item once per request, however many fields ask for it.
func (r *Resolver) view(ctx context.Context, id uint64) (oa.View, error) {
	a, err := actor(ctx)
	if err != nil {
		return oa.View{}, err
	}
	l, err := loadersFor(ctx)
	if err != nil {
		return oa.View{}, err
	}
	l.mu.Lock()
	c, ok := l.views[id]
	if !ok {
		c = &viewCall{}
		l.views[id] = c
	}
	l.mu.Unlock()
	c.once.Do(func() { c.v, c.err = r.OA.Get(ctx, a.EmployeeID, id) })
	return c.v, c.err
}

type viewCall struct {
	once sync.Once
	v    oa.View
	err  error
}
