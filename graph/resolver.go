// Package graph is the GraphQL transport: the schema in schema/, gqlgen's generated executor in generated/, and
// resolvers that only translate between GraphQL and the domain services. Rules live in the services.
package graph

import (
	"log/slog"
	"time"

	"github.com/qiao-hq/qiao/auth"
	"github.com/qiao-hq/qiao/binding"
	"github.com/qiao-hq/qiao/callbacks"
	"github.com/qiao-hq/qiao/contactsync"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/mpsignin"
	"github.com/qiao-hq/qiao/mptemplates"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/discussion"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/oa/survey"
	"github.com/qiao-hq/qiao/onboarding"
	"github.com/qiao-hq/qiao/push"
	"github.com/qiao-hq/qiao/ratelimit"
	"github.com/qiao-hq/qiao/registration"
	"github.com/qiao-hq/qiao/staffsheet"
	"github.com/qiao-hq/qiao/sysmsg"
	"github.com/qiao-hq/qiao/tenants"
	"gorm.io/gorm"
)

// Resolver is the dependency-injection root of the resolvers.
type Resolver struct {
	Auth      *auth.Service
	Tenants   *tenants.Store
	Directory *directory.Store
	OA        *oa.Service
	// The published items' stores (their methods' names are taken by the query resolvers' own).
	NoticeStore     *notice.Store
	SurveyStore     *survey.Store
	DiscussionStore *discussion.Store
	// Limiter counts @sendLimit calls; nil means no limit.
	Limiter *ratelimit.Limiter
	Log     *slog.Logger
	// DB writes the audit log (@audit) and reads it.
	DB *gorm.DB
	// Now is the clock (nil: time.Now).
	Now        func() time.Time
	Binding    *binding.Service
	Onboarding *onboarding.Service
	Push       *push.Service
	Callbacks  *callbacks.Service
	PushLog    *push.Log
	// StaffImports keeps the staff imports (staffsheet).
	Imports *staffsheet.Imports
	// ContactSync syncs the directory with WeCom.
	Syncs *contactsync.Service
	// MPSignIn binds a personal WeChat at the password page the service account's OAuth led to.
	MPSignIn *mpsignin.Service
	// Applications runs open registration; ApplicationsPerHour caps one client's applications an hour (0: none).
	Applications        *registration.Service
	ApplicationsPerHour int
	// Templates keeps each kind of message's service-account template.
	Templates *mptemplates.Store
	// Messages keeps the system messages sent to customers' and suppliers' contacts, for their message list.
	Messages *sysmsg.Service
}
