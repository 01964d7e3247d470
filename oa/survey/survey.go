// Package survey holds surveys (调查): single- and multiple-choice questions a tenant admin publishes to all staff
// or to departments, open between two times, with one ballot per person — a unique key in the database, so two
// concurrent votes by one person cannot both count — and results as counts and percentages shown to voters, to
// everyone or to the publisher only, as the survey says.
package survey

import (
	"time"

	"github.com/qiao-hq/qiao/oa/notice"
)

// Visibility says who sees a survey's results. The publisher always does.
type Visibility string

// The visibilities.
const (
	ResultsToVoters    Visibility = "voters"    // people who have voted
	ResultsToEveryone  Visibility = "everyone"  // the whole audience, voted or not
	ResultsToPublisher Visibility = "publisher" // the publisher only
)

// Valid reports whether v is a known visibility.
func (v Visibility) Valid() bool {
	return v == ResultsToVoters || v == ResultsToEveryone || v == ResultsToPublisher
}

// QuestionKind is single or multiple choice.
type QuestionKind string

// The question kinds.
const (
	Single   QuestionKind = "single"
	Multiple QuestionKind = "multiple"
)

// State is where a survey is in its time window.
type State string

// The states.
const (
	StateNotOpen State = "not_open" // before OpensAt
	StateOpen    State = "open"
	StateClosed  State = "closed" // after ClosesAt
)

// Survey is a published survey (table surveys).
type Survey struct {
	ID          uint64 `gorm:"primaryKey"`
	TenantID    uint64
	PublisherID uint64
	Title       string
	// Body is sanitised HTML; list entries leave it empty.
	Body                string
	AudienceAll         bool
	AudienceDepartments []uint64 `gorm:"serializer:json"`
	RecipientCount      int
	ResultsVisibility   Visibility
	OpensAt             time.Time
	// ClosesAt is nil when the survey has no deadline.
	ClosesAt    *time.Time
	PublishedAt time.Time
}

// TableName implements gorm's tabler.
func (Survey) TableName() string { return "surveys" }

// Audience returns the audience as published.
func (s Survey) Audience() notice.Audience {
	return notice.Audience{All: s.AudienceAll, DepartmentIDs: s.AudienceDepartments}
}

// StateAt is the survey's state at t: votes are taken from OpensAt up to and including ClosesAt.
func (s Survey) StateAt(t time.Time) State {
	switch {
	case t.Before(s.OpensAt):
		return StateNotOpen
	case s.ClosesAt != nil && t.After(*s.ClosesAt):
		return StateClosed
	}
	return StateOpen
}

// Question is one question of a survey (table survey_questions). A single-choice question has MinChoices =
// MaxChoices = 1; an optional question may be left unanswered, and the bounds apply when it is answered.
type Question struct {
	ID         uint64 `gorm:"primaryKey"`
	TenantID   uint64
	SurveyID   uint64
	Seq        int `gorm:"column:position"`
	Text       string
	Kind       QuestionKind
	Required   bool
	MinChoices int
	MaxChoices int
	Options    []Option `gorm:"-"`
}

// TableName implements gorm's tabler.
func (Question) TableName() string { return "survey_questions" }

// Option is one choice of a question (table survey_options).
type Option struct {
	ID         uint64 `gorm:"primaryKey"`
	TenantID   uint64
	SurveyID   uint64
	QuestionID uint64
	Seq        int `gorm:"column:position"`
	Text       string
}

// TableName implements gorm's tabler.
func (Option) TableName() string { return "survey_options" }

// Ballot is one person's vote (table survey_ballots); the unique key (tenant_id, survey_id, employee_id) allows
// one per person and survey.
type Ballot struct {
	ID         uint64 `gorm:"primaryKey"`
	TenantID   uint64
	SurveyID   uint64
	EmployeeID uint64
	CreatedAt  time.Time
}

// TableName implements gorm's tabler.
func (Ballot) TableName() string { return "survey_ballots" }

// Answer is one chosen option of a ballot (table survey_answers).
type Answer struct {
	TenantID   uint64 `gorm:"primaryKey"`
	BallotID   uint64 `gorm:"primaryKey"`
	OptionID   uint64 `gorm:"primaryKey"`
	SurveyID   uint64
	QuestionID uint64
}

// TableName implements gorm's tabler.
func (Answer) TableName() string { return "survey_answers" }

// Recipient is one audience member of a survey (table survey_recipients).
type Recipient struct {
	TenantID   uint64 `gorm:"primaryKey"`
	SurveyID   uint64 `gorm:"primaryKey"`
	EmployeeID uint64 `gorm:"primaryKey"`
}

// TableName implements gorm's tabler.
func (Recipient) TableName() string { return "survey_recipients" }

// View is a survey as one viewer sees it: its questions and options in order, whether the viewer has voted and
// what they chose, and what they may do now (the H5 draws exactly those buttons).
type View struct {
	Survey    Survey
	Questions []Question
	State     State
	// Voted is whether the viewer has a ballot; Choices are its option ids (nil when not voted).
	Voted   bool
	Choices []uint64
	// CanVote: in the audience, open, not voted yet. CanSeeResults: Results would answer this viewer now.
	CanVote       bool
	CanSeeResults bool
}

// Entry is one survey of a person's list (without its body or questions).
type Entry struct {
	Survey Survey
	State  State
	Voted  bool
}

// Page is one page of a person's surveys, newest first.
type Page struct {
	Entries    []Entry
	EndCursor  string
	HasNext    bool
	TotalCount int
}

// PublishInput is what a publisher fills in. OpensAt nil means now; ClosesAt nil means no deadline.
type PublishInput struct {
	Title             string
	Body              string
	Audience          notice.Audience
	ResultsVisibility Visibility
	OpensAt           *time.Time
	ClosesAt          *time.Time
	Questions         []QuestionInput
}

// QuestionInput is one question as filled in. For a single-choice question MinChoices and MaxChoices may be left
// zero (they are 1); for a multiple-choice one zero means 1 and the number of options respectively.
type QuestionInput struct {
	Text       string
	Kind       QuestionKind
	Required   bool
	MinChoices int
	MaxChoices int
	Options    []string
}

// Choice is a voter's answer to one question: the options chosen.
type Choice struct {
	QuestionID uint64
	OptionIDs  []uint64
}

// Results are a survey's counts: per question, how many ballots answered it and, per option, how many chose it
// and which percentage of the question's respondents that is (rounded to one decimal; a multiple-choice question's
// percentages may add up to more than 100).
type Results struct {
	SurveyID  uint64
	Ballots   int
	Questions []QuestionResult
}

// QuestionResult is one question's results.
type QuestionResult struct {
	QuestionID  uint64
	Text        string
	Kind        QuestionKind
	Respondents int
	Options     []OptionResult
}

// OptionResult is one option's results.
type OptionResult struct {
	OptionID uint64
	Text     string
	Count    int
	Percent  float64
}
