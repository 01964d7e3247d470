package graph

import (
	"context"
	"sync"

	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
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

// employees loads several employees through the request's batching loader, in the order of ids.
func (r *Resolver) employees(ctx context.Context, ids []uint64) ([]directory.Employee, error) {
	l, err := loadersFor(ctx)
	if err != nil {
		return nil, err
	}
	return l.employee.LoadAll(ctx, ids)
}

// view returns the viewer's view of an item once per request, however many fields ask for it.
func (r *Resolver) view(ctx context.Context, id uint64) (oa.View, error) {
	return viewerMemo(ctx, viewsMemo,
		id, func(viewerID uint64) (oa.View, error) { return r.OA.Get(ctx, viewerID, id) })
}

// noticeView returns the viewer's entry of a notice (with its body) once per request.
func (r *Resolver) noticeView(ctx context.Context, id uint64) (notice.Entry, error) {
	return viewerMemo(ctx, noticesMemo,
		id, func(viewerID uint64) (notice.Entry, error) { return r.NoticeStore.Get(ctx, viewerID, id) })
}

// surveyView returns the viewer's view of a survey once per request.
func (r *Resolver) surveyView(ctx context.Context, id uint64) (survey.View, error) {
	return viewerMemo(ctx, surveysMemo,
		id, func(viewerID uint64) (survey.View, error) { return r.SurveyStore.Get(ctx, viewerID, id) })
}

// discussionView returns a discussion (with its body) the viewer is a member of, once per request.
func (r *Resolver) discussionView(ctx context.Context, id uint64) (discussion.Discussion, error) {
	return viewerMemo(ctx, discussionsMemo,
		id, func(viewerID uint64) (discussion.Discussion, error) { return r.DiscussionStore.Get(ctx, viewerID, id) })
}

func viewsMemo(l *loaders) *memo[oa.View] { return &l.views }

// remember records v as the request's view of id, replacing an older one: a mutation that changed the object
// answers with its new state, and the fields resolved after it must see that state too.
func remember[V any](ctx context.Context, field func(*loaders) *memo[V], id uint64, v V) {
	if l, err := loadersFor(ctx); err == nil {
		field(l).put(id, v)
	}
}

// forgetView drops the request's view of item id after a mutation changed it: fields resolved later (the
// mutation's own answer, a second mutation's in the same operation) load its new state.
func forgetView(ctx context.Context, id uint64) {
	if l, err := loadersFor(ctx); err == nil {
		l.views.forget(id)
	}
}

// viewerMemo loads id for the signed-in viewer through the request's memo chosen by field.
func viewerMemo[V any](ctx context.Context, field func(*loaders) *memo[V], id uint64, load func(viewerID uint64) (V, error)) (V, error) {
	var zero V
	a, err := actor(ctx)
	if err != nil {
		return zero, err
	}
	l, err := loadersFor(ctx)
	if err != nil {
		return zero, err
	}
	return field(l).get(id, func() (V, error) { return load(a.EmployeeID) })
}

// memo calls a load once per id for the request, however many fields ask for its result concurrently. The
// detail of an object is one call to its store, and the object's fields are resolved from it.
type memo[V any] struct {
	mu    sync.Mutex
	calls map[uint64]*memoCall[V]
}

type memoCall[V any] struct {
	once sync.Once
	v    V
	err  error
}

func (m *memo[V]) call(id uint64) *memoCall[V] {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.calls == nil {
		m.calls = map[uint64]*memoCall[V]{}
	}
	c, ok := m.calls[id]
	if !ok {
		c = &memoCall[V]{}
		m.calls[id] = c
	}
	return c
}

func (m *memo[V]) get(id uint64, load func() (V, error)) (V, error) {
	c := m.call(id)
	c.once.Do(func() { c.v, c.err = load() })
	return c.v, c.err
}

func (m *memo[V]) put(id uint64, v V) {
	c := &memoCall[V]{v: v}
	c.once.Do(func() {})
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.calls == nil {
		m.calls = map[uint64]*memoCall[V]{}
	}
	m.calls[id] = c
}

// primeEmployees reads ids in one query now and fills the request's employee loader with them, so the fields of a
// page that ask for those people (its senders) find them at once instead of waiting out the loader's batch window.
func (r *Resolver) primeEmployees(ctx context.Context, ids []uint64) error {
	if len(ids) == 0 {
		return nil
	}
	l, err := loadersFor(ctx)
	if err != nil {
		return err
	}
	emps, err := r.Directory.EmployeesByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for id, e := range emps {
		l.employee.Prime(id, e)
	}
	return nil
}

// forget drops id's remembered value, so the next get loads it again.
func (m *memo[V]) forget(id uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.calls, id)
}
