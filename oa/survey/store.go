package survey

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/database"
	"github.com/qiao-hq/qiao/directory"
	"github.com/qiao-hq/qiao/oa"
	"github.com/qiao-hq/qiao/oa/notice"
	"github.com/qiao-hq/qiao/outbox"
)

// insertBatch bounds the rows of one INSERT of recipients.
const insertBatch = 500

// Store reads and writes the surveys of the tenant in ctx (tenancy.WithTenant); every method fails with internal
// when ctx has no tenant.
type Store struct {
	db  *gorm.DB
	dir notice.Directory
	now func() time.Time
}

// NewStore returns a Store on db, which must have tenancy.Plugin registered. dir expands audiences (nil for a
// Store that only reads); now defaults to time.Now and decides whether a survey is open.
func NewStore(db *gorm.DB, dir notice.Directory, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, dir: dir, now: now}
}

// Publish publishes a survey as actorID, whose role is role: it expands the audience to its members on staff
// (active or frozen), who may all vote, and queues a push to each active one (the publisher excepted), in one
// transaction with the survey, its questions and options. It returns the survey as the publisher sees it.
//
// Errors: forbidden (role is not admin), invalid (title, body, audience, visibility, times, questions or options
// break a rule; Field names which). Nothing is written on error.
func (s *Store) Publish(ctx context.Context, actorID uint64, role directory.Role, in PublishInput) (View, error) {
	if !role.AtLeast(directory.RoleAdmin) {
		return View{}, apperr.E(apperr.Forbidden, "只有管理员可以发布调查")
	}
	now := notice.Now(s.now)
	in, err := normalize(in, now)
	if err != nil {
		return View{}, err
	}
	people, err := notice.Expand(ctx, s.dir, in.Audience)
	if err != nil {
		return View{}, err
	}
	sv := Survey{
		PublisherID: actorID, Title: in.Title, Body: in.Body,
		AudienceAll: in.Audience.All, AudienceDepartments: in.Audience.DepartmentIDs, RecipientCount: len(people.IDs),
		ResultsVisibility: in.ResultsVisibility, OpensAt: *in.OpensAt, ClosesAt: in.ClosesAt, PublishedAt: now,
	}
	var qs []Question
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&sv).Error; err != nil {
			return fmt.Errorf("insert survey: %w", err)
		}
		var err error
		if qs, err = insertQuestions(tx, sv.ID, in.Questions); err != nil {
			return err
		}
		rs := make([]Recipient, len(people.IDs))
		pushes := make([]outbox.Entry, 0, len(people.Active))
		for i, id := range people.IDs {
			rs[i] = Recipient{SurveyID: sv.ID, EmployeeID: id}
			if id != actorID && people.Active[id] {
				pushes = append(pushes, outbox.Entry{
					DedupKey: outbox.SurveyKey(sv.ID, id),
					Payload:  outbox.PublishedPayload{ItemID: sv.ID, ToID: id, ActorID: actorID, EventTime: now.Unix()},
				})
			}
		}
		if err := tx.CreateInBatches(&rs, insertBatch).Error; err != nil {
			return fmt.Errorf("insert recipients: %w", err)
		}
		return outbox.AddAll(ctx, tx, now, outbox.KindSurveyPublished, pushes)
	})
	if err != nil {
		return View{}, fmt.Errorf("survey: publish: %w", err)
	}
	_, inAudience := slices.BinarySearch(people.IDs, actorID)
	return view(sv, qs, actorID, inAudience, nil, now), nil
}

// insertQuestions writes the questions and their options in order and returns them with their ids.
func insertQuestions(tx *gorm.DB, surveyID uint64, in []QuestionInput) ([]Question, error) {
	qs := make([]Question, len(in))
	for i, q := range in {
		qs[i] = Question{SurveyID: surveyID, Seq: i + 1, Text: q.Text, Kind: q.Kind, Required: q.Required,
			MinChoices: q.MinChoices, MaxChoices: q.MaxChoices}
	}
	if err := tx.Create(&qs).Error; err != nil {
		return nil, fmt.Errorf("insert questions: %w", err)
	}
	var opts []Option
	for i, q := range in {
		for j, text := range q.Options {
			opts = append(opts, Option{SurveyID: surveyID, QuestionID: qs[i].ID, Seq: j + 1, Text: text})
		}
	}
	if err := tx.Create(&opts).Error; err != nil {
		return nil, fmt.Errorf("insert options: %w", err)
	}
	k := 0
	for i, q := range in {
		qs[i].Options, k = opts[k:k+len(q.Options)], k+len(q.Options)
	}
	return qs, nil
}

// Get returns survey id as viewerID sees it. Only its audience and its publisher see it; anyone else (another
// tenant included) gets not_found.
func (s *Store) Get(ctx context.Context, viewerID, id uint64) (View, error) {
	db := s.db.WithContext(ctx)
	sv, inAudience, err := s.visible(db, viewerID, id)
	if err != nil {
		return View{}, err
	}
	qs, err := questions(db, id)
	if err != nil {
		return View{}, err
	}
	var choices []uint64
	b, voted, err := ballotOf(db, id, viewerID)
	if err != nil {
		return View{}, err
	}
	if voted {
		if err := db.Model(&Answer{}).Where("ballot_id = ?", b.ID).Order("option_id").
			Pluck("option_id", &choices).Error; err != nil {
			return View{}, fmt.Errorf("survey: load choices: %w", err)
		}
		if choices == nil {
			choices = []uint64{} // voted, leaving every optional question blank
		}
	}
	return view(sv, qs, viewerID, inAudience, choices, notice.Now(s.now)), nil
}

// view assembles a View; choices is nil when the viewer has not voted.
func view(sv Survey, qs []Question, viewerID uint64, inAudience bool, choices []uint64, now time.Time) View {
	v := View{Survey: sv, Questions: qs, State: sv.StateAt(now), Voted: choices != nil, Choices: choices}
	v.CanVote = inAudience && !v.Voted && v.State == StateOpen
	v.CanSeeResults = mayReadResults(sv, viewerID, v.Voted) == nil
	return v
}

// List returns one page of viewerID's surveys (those they are in the audience of), newest first, with whether
// they voted. Entries carry no Body. Errors: invalid (first out of range, malformed cursor).
func (s *Store) List(ctx context.Context, viewerID uint64, first int, after string) (Page, error) {
	return s.Search(ctx, viewerID, "", first, after)
}

// Search is List keeping the surveys whose title contains keyword (case insensitive; "" keeps all, see
// notice.TitleContains); TotalCount is then the number of matches. Errors: those of List, and invalid (keyword
// too long).
func (s *Store) Search(ctx context.Context, viewerID uint64, keyword string, first int, after string) (Page, error) {
	kw, err := oa.Keyword(keyword)
	if err != nil {
		return Page{}, err
	}
	db := s.db.WithContext(ctx)
	mine := func() *gorm.DB {
		q := db.Model(&Recipient{}).Where("survey_recipients.employee_id = ?", viewerID)
		return notice.TitleContains(q, "survey_recipients", "survey_id", "surveys", kw)
	}
	ip, err := notice.PageIDs(mine, "survey_id", first, after)
	if err != nil {
		return Page{}, apperr.OrInternal(err, "survey: list")
	}
	return s.page(db, viewerID, ip)
}

// Published returns one page of the surveys publisherID published, newest first, for the publisher's own list
// (ix_surveys_publisher), with whether they voted where they are also in the audience. Entries carry no Body.
// Errors: invalid (first out of range, malformed cursor).
func (s *Store) Published(ctx context.Context, publisherID uint64, first int, after string) (Page, error) {
	db := s.db.WithContext(ctx)
	ip, err := notice.PageIDs(func() *gorm.DB { return db.Model(&Survey{}).Where("publisher_id = ?", publisherID) },
		"id", first, after)
	if err != nil {
		return Page{}, apperr.OrInternal(err, "survey: published")
	}
	return s.page(db, publisherID, ip)
}

// page loads the surveys of ip, in its order, as viewerID sees them in a list.
func (s *Store) page(db *gorm.DB, viewerID uint64, ip notice.IDPage) (Page, error) {
	ids := ip.IDs
	page := Page{TotalCount: ip.Total, HasNext: ip.HasNext}
	if len(ids) == 0 {
		return page, nil
	}
	var svs []Survey
	if err := db.Omit("body").Where("id IN ?", ids).Find(&svs).Error; err != nil {
		return Page{}, fmt.Errorf("survey: load list: %w", err)
	}
	var votedIDs []uint64
	if err := db.Model(&Ballot{}).Where("employee_id = ? AND survey_id IN ?", viewerID, ids).
		Pluck("survey_id", &votedIDs).Error; err != nil {
		return Page{}, fmt.Errorf("survey: load votes: %w", err)
	}
	byID := make(map[uint64]Survey, len(svs))
	for _, sv := range svs {
		byID[sv.ID] = sv
	}
	voted := make(map[uint64]bool, len(votedIDs))
	for _, id := range votedIDs {
		voted[id] = true
	}
	now := notice.Now(s.now)
	for _, id := range ids {
		if sv, ok := byID[id]; ok {
			page.Entries = append(page.Entries, Entry{Survey: sv, State: sv.StateAt(now), Voted: voted[id]})
		}
	}
	page.EndCursor = oa.Cursor(ids[len(ids)-1])
	return page, nil
}

// ToVote returns how many surveys wait for employeeID's vote: in their audience, open now, and not voted in. It
// walks their recipient rows (ix_survey_recipients_list), each joined to its survey by primary key and checked
// for a ballot by the one-ballot key, so voting, or a survey closing, takes it off the count without a write.
func (s *Store) ToVote(ctx context.Context, employeeID uint64) (int, error) {
	now := notice.Now(s.now)
	var n int64
	// The tenancy plugin scopes survey_recipients only, so the join and the subquery name the tenant themselves.
	// Open as StateAt says: from opens_at up to and including closes_at.
	err := s.db.WithContext(ctx).Model(&Recipient{}).
		Joins("JOIN surveys ON surveys.tenant_id = survey_recipients.tenant_id AND surveys.id = survey_recipients.survey_id").
		Where("survey_recipients.employee_id = ? AND surveys.opens_at <= ? AND (surveys.closes_at IS NULL OR surveys.closes_at >= ?)",
			employeeID, now, now).
		Where("NOT EXISTS (SELECT 1 FROM survey_ballots WHERE survey_ballots.tenant_id = survey_recipients.tenant_id" +
			" AND survey_ballots.survey_id = survey_recipients.survey_id AND survey_ballots.employee_id = survey_recipients.employee_id)").
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("survey: count to vote: %w", err)
	}
	return int(n), nil
}

// Lookup returns survey id of the tenant in ctx without a viewer check, for system work such as rendering a push.
// Errors: not_found.
func (s *Store) Lookup(ctx context.Context, id uint64) (Survey, error) {
	return find(s.db.WithContext(ctx), id)
}

// visible loads survey id if viewerID may see it: its audience and its publisher. inAudience tells which.
// Errors: not_found.
func (s *Store) visible(db *gorm.DB, viewerID, id uint64) (Survey, bool, error) {
	sv, err := find(db, id)
	if err != nil {
		return sv, false, err
	}
	var n int64
	if err := db.Model(&Recipient{}).Where("survey_id = ? AND employee_id = ?", id, viewerID).Count(&n).Error; err != nil {
		return sv, false, fmt.Errorf("survey: check audience: %w", err)
	}
	if n == 0 && sv.PublisherID != viewerID {
		return sv, false, notFound(id)
	}
	return sv, n > 0, nil
}

func find(db *gorm.DB, id uint64) (Survey, error) {
	var sv Survey
	if err := db.First(&sv, id).Error; err != nil {
		return sv, database.NotFoundOr(err, notFound(id).Msg, "survey: load")
	}
	return sv, nil
}

// questions loads a survey's questions with their options, in order.
func questions(db *gorm.DB, surveyID uint64) ([]Question, error) {
	var qs []Question
	if err := db.Where("survey_id = ?", surveyID).Order("position").Find(&qs).Error; err != nil {
		return nil, fmt.Errorf("survey: load questions: %w", err)
	}
	var opts []Option
	if err := db.Where("survey_id = ?", surveyID).Order("question_id, position").Find(&opts).Error; err != nil {
		return nil, fmt.Errorf("survey: load options: %w", err)
	}
	byQ := make(map[uint64][]Option, len(qs))
	for _, o := range opts {
		byQ[o.QuestionID] = append(byQ[o.QuestionID], o)
	}
	for i := range qs {
		qs[i].Options = byQ[qs[i].ID]
	}
	return qs, nil
}

// ballotOf loads employeeID's ballot of survey id; ok is false when they have not voted.
func ballotOf(db *gorm.DB, id, employeeID uint64) (Ballot, bool, error) {
	var b Ballot
	err := db.Where("survey_id = ? AND employee_id = ?", id, employeeID).Take(&b).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		return b, false, nil
	case err != nil:
		return b, false, fmt.Errorf("survey: load ballot: %w", err)
	}
	return b, true, nil
}

func notFound(id uint64) *apperr.Error {
	return apperr.E(apperr.NotFound, "调查不存在")
}
