// Package message is what a message tells its reader, said once whatever carries it. The domain that raises a
// message (a collaboration item, a notice, a PB message) describes it; each channel renders the description within
// its own limits: a WeCom card's title, lines and button, or a service-account template's 20-character fields. A new
// kind is then one describer, and a new channel one renderer.
package message

import (
	"context"

	"github.com/qiao-hq/qiao/outbox"
)

// Description is one message as its reader should understand it.
type Description struct {
	// Title says what happened to what ("新协同：预算").
	Title string
	// Lines are the body, plain text a line each, in reading order.
	Lines []Line
	// Action is what the button that opens the message says ("去处理", "查看").
	Action string
	// Path is the H5 page the message opens, reached through the channel's sign-in; URL is an outside page opened
	// as it is (a PB message's own link) and wins over Path.
	Path, URL string
	// Facts are the message's key facts one by one, which a template's fields are filled from.
	Facts Facts
	// Card names the card on the reader's phone this message belongs to ("collab:42"): the first message of a Card
	// puts it there, later ones of the same Card and reader change it. "" for a message that stands alone.
	Card string
	// Choices are the answers the reader may give inside the card (同意, 驳回), where the channel has buttons;
	// the kind's Chooser takes the one chosen. Elsewhere the card opens the page, where the same answers are.
	Choices []Choice
	// Outcome is what the reader's card of Card shows instead of its choices once they no longer apply
	// ("已由李四同意"). A channel that can change a card already on the phone does so instead of sending a new one.
	Outcome string
	// OutcomeOnly: a card that cannot be changed is left as it is and nothing new is sent (the reader's own
	// decision needs no message).
	OutcomeOnly bool
}

// Choice is one answer a reader may give inside a card.
type Choice struct {
	// Key comes back with the reader's tap; it is one of the kind's own (approve, reject).
	Key string
	// Text is the button's label (同意).
	Text string
	// Warn marks an answer that ends something (驳回), which a channel may colour.
	Warn bool
}

// Style is how a card shows a line.
type Style string

// The styles of WeCom's textcard, which the other channels read as emphasis or none.
const (
	Gray      Style = "gray"
	Normal    Style = "normal"
	Highlight Style = "highlight"
)

// Line is one line of a message's body.
type Line struct {
	Style Style
	Text  string
	// Pinned lines survive a channel's clipping whole: the reference that makes a card unique to its message and
	// that its reader quotes to support.
	Pinned bool
}

// Facts are a message's key facts, each short and on one line.
type Facts struct {
	Kind    string // 协同, 公告, 新闻, 调查, 讨论, or the system's code (PB)
	Subject string // the item's title
	Actor   string // who acted: the sender, the approver, the publisher
	Time    string // when, in the tenant's zone, "2006-01-02 15:04"
	Status  string // a short phrase: 待处理, 已同意, 已撤回, 新回复
	Note    string // the words said: an opinion, an excerpt, the content
	Ref     string // a reference number, when the message has one
}

// Fact names one of Facts' fields, the value a template's field is filled with.
type Fact string

// The facts, in the order a mapping screen offers them.
const (
	FactTitle   Fact = "title"
	FactKind    Fact = "kind"
	FactSubject Fact = "subject"
	FactActor   Fact = "actor"
	FactTime    Fact = "time"
	FactStatus  Fact = "status"
	FactNote    Fact = "note"
	FactRef     Fact = "ref"
)

// FactList is every fact with the label an admin choosing one reads.
var FactList = []struct {
	Fact  Fact
	Label string
}{
	{FactTitle, "标题"}, {FactKind, "类型"}, {FactSubject, "事项"}, {FactActor, "发起人/操作人"},
	{FactTime, "时间"}, {FactStatus, "状态"}, {FactNote, "内容"}, {FactRef, "编号"},
}

// Known reports whether f is one of the facts.
func Known(f Fact) bool {
	for _, x := range FactList {
		if x.Fact == f {
			return true
		}
	}
	return false
}

// Value is fact f of d, "" for an unknown fact or one the message lacks.
func (d Description) Value(f Fact) string {
	switch f {
	case FactTitle:
		return d.Title
	case FactKind:
		return d.Facts.Kind
	case FactSubject:
		return d.Facts.Subject
	case FactActor:
		return d.Facts.Actor
	case FactTime:
		return d.Facts.Time
	case FactStatus:
		return d.Facts.Status
	case FactNote:
		return d.Facts.Note
	case FactRef:
		return d.Facts.Ref
	}
	return ""
}

// Describer describes the outbox messages of the kinds it owns.
type Describer interface {
	// Kinds are the outbox kinds the describer owns, each with the name an admin reads ("新协同待处理").
	Kinds() []Kind
	// Describe says what outbox message m, of one of Kinds, tells its recipient, reading what it needs in the tenant
	// of ctx.
	Describe(ctx context.Context, m outbox.Message) (Description, error)
	// Example is a made-up message of kind as Describe would say it, for previews.
	Example(ctx context.Context, kind string) Description
}

// Chooser takes the answers readers give inside the cards of its kinds (Description.Choices).
type Chooser interface {
	// Choose records that employeeID answered key in their card of Card card (Description.Card), under the same
	// rules as the answer given on the message's page. Refusals are apperr's (conflict, forbidden, not_found,
	// invalid) and change nothing.
	Choose(ctx context.Context, card string, employeeID uint64, key string) error
}

// Kind is an outbox kind and its name.
type Kind struct {
	Kind, Name string
}
