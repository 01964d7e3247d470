package wxcrypt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// Event is a decrypted callback message or event, WeCom's or a service
// account's: one flat struct whose fields carry WeCom's element names, so
// that one parse serves every MsgType / Event / ChangeType. Fields an
// event does not carry stay zero; elements this struct does not know are
// ignored.
type Event struct {
	// Header, present on everything. FromUserName is "sys" for change_*
	// events.
	ToUserName   string `xml:"ToUserName"`
	FromUserName string `xml:"FromUserName"`
	CreateTime   int64  `xml:"CreateTime"`
	MsgType      string `xml:"MsgType"` // "event", "text", "image", …
	Event        string `xml:"Event"`   // change_contact, batch_job_result, subscribe, click, …
	AgentID      int64  `xml:"AgentID"`

	// ChangeType refines change_contact (create_user, update_user,
	// delete_user, create_party, update_party, delete_party, update_tag) and
	// change_external_contact (add_external_contact, edit_external_contact,
	// add_half_external_contact, del_external_contact, del_follow_user,
	// transfer_fail).
	ChangeType string `xml:"ChangeType"`

	// Members (change_contact *_user). NewUserID is set on update_user when
	// the userid changed. Status is "1" active, "2" disabled, "4" not yet
	// activated, "5" left; on a service account's TEMPLATESENDJOBFINISH it
	// is "success" or "failed:…".
	UserID         string     `xml:"UserID"`
	NewUserID      string     `xml:"NewUserID"`
	Name           string     `xml:"Name"`
	Department     Int64List  `xml:"Department"`
	MainDepartment int64      `xml:"MainDepartment"`
	IsLeaderInDept Int64List  `xml:"IsLeaderInDept"`
	DirectLeader   StringList `xml:"DirectLeader"`
	Position       string     `xml:"Position"`
	Mobile         string     `xml:"Mobile"`
	Gender         string     `xml:"Gender"` // "0" unset, "1" male, "2" female
	Email          string     `xml:"Email"`
	BizMail        string     `xml:"BizMail"`
	Status         string     `xml:"Status"`
	Avatar         string     `xml:"Avatar"`
	Alias          string     `xml:"Alias"`
	Telephone      string     `xml:"Telephone"`
	Address        string     `xml:"Address"`
	ExtAttr        []ExtAttr  `xml:"ExtAttr>Item"`

	// Departments (change_contact *_party); Name above is the department's.
	Id       int64 `xml:"Id"`
	ParentId int64 `xml:"ParentId"`
	Order    int64 `xml:"Order"`

	// Tags (change_contact update_tag).
	TagId         int64      `xml:"TagId"`
	AddUserItems  StringList `xml:"AddUserItems"`
	DelUserItems  StringList `xml:"DelUserItems"`
	AddPartyItems Int64List  `xml:"AddPartyItems"`
	DelPartyItems Int64List  `xml:"DelPartyItems"`

	// External contacts (change_external_contact) and customer groups
	// (change_external_chat).
	ExternalUserID string `xml:"ExternalUserID"`
	State          string `xml:"State"`
	WelcomeCode    string `xml:"WelcomeCode"`
	FailReason     string `xml:"FailReason"`
	Source         string `xml:"Source"`
	ChatId         string `xml:"ChatId"`

	// batch_job_result, which WeCom nests in <BatchJob>.
	JobId   string `xml:"BatchJob>JobId"`
	JobType string `xml:"BatchJob>JobType"` // sync_user, replace_user, invite_user, replace_party
	ErrCode int64  `xml:"BatchJob>ErrCode"`
	ErrMsg  string `xml:"BatchJob>ErrMsg"`

	// Menu (click, view), enter_agent, LOCATION and template-card events.
	EventKey     string  `xml:"EventKey"`
	Latitude     float64 `xml:"Latitude"`
	Longitude    float64 `xml:"Longitude"`
	Precision    float64 `xml:"Precision"`
	TaskId       string  `xml:"TaskId"`
	CardType     string  `xml:"CardType"`
	ResponseCode string  `xml:"ResponseCode"`
	Ticket       string  `xml:"Ticket"` // service account: subscribe through a QR code

	// Messages. MsgId is kept as text: it is an opaque id for
	// deduplication. A service account's TEMPLATESENDJOBFINISH spells it
	// MsgID; ParseEvent puts it here too.
	MsgId        string  `xml:"MsgId"`
	Content      string  `xml:"Content"`
	PicUrl       string  `xml:"PicUrl"`
	MediaId      string  `xml:"MediaId"`
	Format       string  `xml:"Format"`
	Recognition  string  `xml:"Recognition"`
	ThumbMediaId string  `xml:"ThumbMediaId"`
	LocationX    float64 `xml:"Location_X"`
	LocationY    float64 `xml:"Location_Y"`
	Scale        int64   `xml:"Scale"`
	Label        string  `xml:"Label"`
	Title        string  `xml:"Title"`
	Description  string  `xml:"Description"`
	Url          string  `xml:"Url"`
}

// ExtAttr is one custom member attribute: Type 0 is text (Text), 1 is a
// web link (WebTitle, WebURL).
type ExtAttr struct {
	Name     string `xml:"Name"`
	Type     int64  `xml:"Type"`
	Text     string `xml:"Text>Value"`
	WebTitle string `xml:"Web>Title"`
	WebURL   string `xml:"Web>Url"`
}

// ParseEvent parses a decrypted message or event (root element <xml>). It
// fails with ErrFormat when plain is over MaxBodySize, is not XML, has
// another root, or has a number or list element that does not parse.
func ParseEvent(plain []byte) (Event, error) {
	if len(plain) > MaxBodySize {
		return Event{}, fmt.Errorf("%w: event of %d bytes exceeds %d", ErrFormat, len(plain), MaxBodySize)
	}
	var v struct {
		XMLName xml.Name `xml:"xml"`
		Event
		MsgID string `xml:"MsgID"`
	}
	if err := xml.Unmarshal(plain, &v); err != nil {
		return Event{}, fmt.Errorf("%w: event: %v", ErrFormat, err)
	}
	if v.MsgId == "" {
		v.MsgId = v.MsgID
	}
	return v.Event, nil
}

// XML renders e the way WeCom writes it: strings in CDATA, numbers bare,
// lists comma-separated, batch-job fields inside <BatchJob>. Zero-valued
// fields are left out (the header fields ToUserName, FromUserName,
// CreateTime and MsgType always appear). ParseEvent(e.XML()) returns e,
// except that characters XML cannot carry become U+FFFD.
func (e Event) XML() []byte {
	var b bytes.Buffer
	b.WriteString("<xml>")
	writeCDATA(&b, "ToUserName", e.ToUserName)
	writeCDATA(&b, "FromUserName", e.FromUserName)
	writeText(&b, "CreateTime", strconv.FormatInt(e.CreateTime, 10))
	writeCDATA(&b, "MsgType", e.MsgType)
	str := func(name, v string) {
		if v != "" {
			writeCDATA(&b, name, v)
		}
	}
	num := func(name string, v int64) {
		if v != 0 {
			writeText(&b, name, strconv.FormatInt(v, 10))
		}
	}
	flt := func(name string, v float64) {
		if v != 0 {
			writeText(&b, name, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}

	str("Event", e.Event)
	str("ChangeType", e.ChangeType)

	str("UserID", e.UserID)
	str("NewUserID", e.NewUserID)
	str("Name", e.Name)
	str("Department", e.Department.String())
	num("MainDepartment", e.MainDepartment)
	str("IsLeaderInDept", e.IsLeaderInDept.String())
	str("DirectLeader", e.DirectLeader.String())
	str("Position", e.Position)
	str("Mobile", e.Mobile)
	str("Gender", e.Gender)
	str("Email", e.Email)
	str("BizMail", e.BizMail)
	str("Status", e.Status)
	str("Avatar", e.Avatar)
	str("Alias", e.Alias)
	str("Telephone", e.Telephone)
	str("Address", e.Address)
	if len(e.ExtAttr) > 0 {
		b.WriteString("<ExtAttr>")
		for _, a := range e.ExtAttr {
			b.WriteString("<Item>")
			writeCDATA(&b, "Name", a.Name)
			writeText(&b, "Type", strconv.FormatInt(a.Type, 10))
			if a.Type == 0 || a.Text != "" {
				b.WriteString("<Text>")
				writeCDATA(&b, "Value", a.Text)
				b.WriteString("</Text>")
			}
			if a.Type == 1 || a.WebTitle != "" || a.WebURL != "" {
				b.WriteString("<Web>")
				writeCDATA(&b, "Title", a.WebTitle)
				writeCDATA(&b, "Url", a.WebURL)
				b.WriteString("</Web>")
			}
			b.WriteString("</Item>")
		}
		b.WriteString("</ExtAttr>")
	}

	num("Id", e.Id)
	num("ParentId", e.ParentId)
	num("Order", e.Order)

	num("TagId", e.TagId)
	str("AddUserItems", e.AddUserItems.String())
	str("DelUserItems", e.DelUserItems.String())
	str("AddPartyItems", e.AddPartyItems.String())
	str("DelPartyItems", e.DelPartyItems.String())

	str("ExternalUserID", e.ExternalUserID)
	str("State", e.State)
	str("WelcomeCode", e.WelcomeCode)
	str("FailReason", e.FailReason)
	str("Source", e.Source)
	str("ChatId", e.ChatId)

	if e.JobId != "" || e.JobType != "" || e.ErrCode != 0 || e.ErrMsg != "" {
		// ErrCode 0 is the success result, so inside BatchJob it is always
		// written.
		b.WriteString("<BatchJob>")
		writeCDATA(&b, "JobId", e.JobId)
		writeCDATA(&b, "JobType", e.JobType)
		writeText(&b, "ErrCode", strconv.FormatInt(e.ErrCode, 10))
		writeCDATA(&b, "ErrMsg", e.ErrMsg)
		b.WriteString("</BatchJob>")
	}

	str("EventKey", e.EventKey)
	flt("Latitude", e.Latitude)
	flt("Longitude", e.Longitude)
	flt("Precision", e.Precision)
	str("TaskId", e.TaskId)
	str("CardType", e.CardType)
	str("ResponseCode", e.ResponseCode)
	str("Ticket", e.Ticket)

	if e.MsgId != "" {
		if e.Event == "TEMPLATESENDJOBFINISH" {
			writeText(&b, "MsgID", e.MsgId)
		} else {
			writeText(&b, "MsgId", e.MsgId)
		}
	}
	str("Content", e.Content)
	str("PicUrl", e.PicUrl)
	str("MediaId", e.MediaId)
	str("Format", e.Format)
	str("Recognition", e.Recognition)
	str("ThumbMediaId", e.ThumbMediaId)
	flt("Location_X", e.LocationX)
	flt("Location_Y", e.LocationY)
	num("Scale", e.Scale)
	str("Label", e.Label)
	str("Title", e.Title)
	str("Description", e.Description)
	str("Url", e.Url)

	num("AgentID", e.AgentID)
	b.WriteString("</xml>")
	return b.Bytes()
}

// Int64List is a comma-separated list of numbers, as WeCom sends
// Department ("1,2,3"), IsLeaderInDept ("1,0,0") and party lists.
type Int64List []int64

// String joins the list with commas.
func (l Int64List) String() string {
	parts := make([]string, len(l))
	for i, v := range l {
		parts[i] = strconv.FormatInt(v, 10)
	}
	return strings.Join(parts, ",")
}

// UnmarshalXML parses "1,2,3"; an empty element is an empty list.
func (l *Int64List) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var s string
	if err := d.DecodeElement(&s, &start); err != nil {
		return err
	}
	*l = nil
	for _, p := range splitList(s) {
		v, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			return fmt.Errorf("%s: %w", start.Name.Local, err)
		}
		*l = append(*l, v)
	}
	return nil
}

// StringList is a comma-separated list of ids, as WeCom sends userids in
// AddUserItems, DelUserItems and DirectLeader.
type StringList []string

// String joins the list with commas.
func (l StringList) String() string { return strings.Join(l, ",") }

// UnmarshalXML parses "zhangsan,lisi"; an empty element is an empty list.
func (l *StringList) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var s string
	if err := d.DecodeElement(&s, &start); err != nil {
		return err
	}
	*l = splitList(s)
	return nil
}

func splitList(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
