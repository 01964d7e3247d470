package wxcrypt_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// Events as WeCom and the service account write them (pretty-printed, some
// strings bare, some in CDATA), with made-up values.
func TestParseEvent(t *testing.T) {
	for _, tc := range []struct {
		name string
		xml  string
		want wxcrypt.Event
	}{
		{"CreateUser", `<xml>
  <ToUserName><![CDATA[wwcorp]]></ToUserName>
  <FromUserName><![CDATA[sys]]></FromUserName>
  <CreateTime>1700000000</CreateTime>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[change_contact]]></Event>
  <ChangeType>create_user</ChangeType>
  <UserID><![CDATA[wangwu]]></UserID>
  <Name><![CDATA[王五]]></Name>
  <Department><![CDATA[1,7, 9]]></Department>
  <MainDepartment>7</MainDepartment>
  <IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept>
  <DirectLeader><![CDATA[lisi,zhaoliu]]></DirectLeader>
  <Position><![CDATA[会计]]></Position>
  <Mobile>13900000000</Mobile>
  <Gender>2</Gender>
  <Email><![CDATA[ww@example.com]]></Email>
  <Status>1</Status>
  <Avatar><![CDATA[https://example.com/a.png]]></Avatar>
  <Alias><![CDATA[ww]]></Alias>
  <Telephone><![CDATA[010-1234]]></Telephone>
  <ExtAttr>
    <Item><Name><![CDATA[工号]]></Name><Type>0</Type><Text><Value><![CDATA[A-17]]></Value></Text></Item>
    <Item><Name><![CDATA[主页]]></Name><Type>1</Type><Web><Title><![CDATA[主页]]></Title><Url><![CDATA[https://example.com]]></Url></Web></Item>
  </ExtAttr>
  <SomethingNew><Nested>ignored</Nested></SomethingNew>
</xml>`, wxcrypt.Event{
			ToUserName: "wwcorp", FromUserName: "sys", CreateTime: 1700000000, MsgType: "event",
			Event: "change_contact", ChangeType: "create_user", UserID: "wangwu", Name: "王五",
			Department: wxcrypt.Int64List{1, 7, 9}, MainDepartment: 7, IsLeaderInDept: wxcrypt.Int64List{1, 0, 0},
			DirectLeader: wxcrypt.StringList{"lisi", "zhaoliu"}, Position: "会计", Mobile: "13900000000", Gender: "2",
			Email: "ww@example.com", Status: "1", Avatar: "https://example.com/a.png", Alias: "ww", Telephone: "010-1234",
			ExtAttr: []wxcrypt.ExtAttr{
				{Name: "工号", Type: 0, Text: "A-17"},
				{Name: "主页", Type: 1, WebTitle: "主页", WebURL: "https://example.com"},
			},
		}},
		{"UpdateUserRenamed", `<xml><ToUserName>wwcorp</ToUserName><FromUserName>sys</FromUserName><CreateTime>1</CreateTime>` +
			`<MsgType>event</MsgType><Event>change_contact</Event><ChangeType>update_user</ChangeType>` +
			`<UserID>wangwu</UserID><NewUserID>wangwu2</NewUserID><Status>5</Status></xml>`, wxcrypt.Event{
			ToUserName: "wwcorp", FromUserName: "sys", CreateTime: 1, MsgType: "event", Event: "change_contact",
			ChangeType: "update_user", UserID: "wangwu", NewUserID: "wangwu2", Status: "5",
		}},
		{"CreateParty", `<xml><MsgType>event</MsgType><Event>change_contact</Event><ChangeType>create_party</ChangeType>` +
			`<Id>12</Id><Name><![CDATA[财务部]]></Name><ParentId><![CDATA[1]]></ParentId><Order>100</Order></xml>`, wxcrypt.Event{
			MsgType: "event", Event: "change_contact", ChangeType: "create_party", Id: 12, Name: "财务部", ParentId: 1, Order: 100,
		}},
		{"UpdateTag", `<xml><MsgType>event</MsgType><Event>change_contact</Event><ChangeType><![CDATA[update_tag]]></ChangeType>` +
			`<TagId>3</TagId><AddUserItems><![CDATA[a,b]]></AddUserItems><DelUserItems><![CDATA[]]></DelUserItems>` +
			`<AddPartyItems><![CDATA[4]]></AddPartyItems><DelPartyItems><![CDATA[5,6]]></DelPartyItems></xml>`, wxcrypt.Event{
			MsgType: "event", Event: "change_contact", ChangeType: "update_tag", TagId: 3,
			AddUserItems: wxcrypt.StringList{"a", "b"}, AddPartyItems: wxcrypt.Int64List{4}, DelPartyItems: wxcrypt.Int64List{5, 6},
		}},
		{"BatchJobResult", `<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>
<CreateTime>1425284517</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[batch_job_result]]></Event>
<BatchJob><JobId><![CDATA[job-1]]></JobId>
<JobType><![CDATA[replace_user]]></JobType>
<ErrCode>60123</ErrCode>
<ErrMsg><![CDATA[invalid party]]></ErrMsg>
</BatchJob>
</xml>`, wxcrypt.Event{
			ToUserName: "wwcorp", FromUserName: "sys", CreateTime: 1425284517, MsgType: "event", Event: "batch_job_result",
			JobId: "job-1", JobType: "replace_user", ErrCode: 60123, ErrMsg: "invalid party",
		}},
		{"AddExternalContact", `<xml><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event>` +
			`<ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[wangwu]]></UserID>` +
			`<ExternalUserID><![CDATA[wmEXT]]></ExternalUserID><State><![CDATA[poster]]></State>` +
			`<WelcomeCode><![CDATA[WC]]></WelcomeCode></xml>`, wxcrypt.Event{
			MsgType: "event", Event: "change_external_contact", ChangeType: "add_external_contact", UserID: "wangwu",
			ExternalUserID: "wmEXT", State: "poster", WelcomeCode: "WC",
		}},
		{"TransferFail", `<xml><MsgType>event</MsgType><Event>change_external_contact</Event><ChangeType>transfer_fail</ChangeType>` +
			`<FailReason><![CDATA[customer_refused]]></FailReason><UserID>a</UserID><ExternalUserID>wmX</ExternalUserID></xml>`, wxcrypt.Event{
			MsgType: "event", Event: "change_external_contact", ChangeType: "transfer_fail", FailReason: "customer_refused",
			UserID: "a", ExternalUserID: "wmX",
		}},
		{"EnterAgent", `<xml><MsgType>event</MsgType><Event>enter_agent</Event><EventKey><![CDATA[]]></EventKey>` +
			`<AgentID>1000002</AgentID></xml>`, wxcrypt.Event{MsgType: "event", Event: "enter_agent", AgentID: 1000002}},
		{"Location", `<xml><MsgType>event</MsgType><Event>LOCATION</Event><Latitude>23.104</Latitude>` +
			`<Longitude>113.320</Longitude><Precision>65.000000</Precision><AgentID>1</AgentID></xml>`, wxcrypt.Event{
			MsgType: "event", Event: "LOCATION", Latitude: 23.104, Longitude: 113.32, Precision: 65, AgentID: 1,
		}},
		{"TemplateSendJobFinish", `<xml><ToUserName><![CDATA[gh_abc]]></ToUserName><FromUserName><![CDATA[oOpenID]]></FromUserName>` +
			`<CreateTime>1395658920</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>` +
			`<MsgID>200163836</MsgID><Status><![CDATA[failed:user block]]></Status></xml>`, wxcrypt.Event{
			ToUserName: "gh_abc", FromUserName: "oOpenID", CreateTime: 1395658920, MsgType: "event",
			Event: "TEMPLATESENDJOBFINISH", MsgId: "200163836", Status: "failed:user block",
		}},
		// A service account's follow through a QR code with a scene, a scan
		// by a follower, and a menu link, in the shape of WeChat's examples.
		{"SubscribeByQRCode", `<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName>` +
			`<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>` +
			`<EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>`, wxcrypt.Event{
			ToUserName: "toUser", FromUserName: "FromUser", CreateTime: 123456789, MsgType: "event",
			Event: "subscribe", EventKey: "qrscene_123123", Ticket: "TICKET",
		}},
		{"Scan", `<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName>` +
			`<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[SCAN]]></Event>` +
			`<EventKey><![CDATA[SCENE_VALUE]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket></xml>`, wxcrypt.Event{
			ToUserName: "toUser", FromUserName: "FromUser", CreateTime: 123456789, MsgType: "event",
			Event: "SCAN", EventKey: "SCENE_VALUE", Ticket: "TICKET",
		}},
		{"View", `<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName>` +
			`<CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[VIEW]]></Event>` +
			`<EventKey><![CDATA[https://www.qq.com/]]></EventKey></xml>`, wxcrypt.Event{
			ToUserName: "toUser", FromUserName: "FromUser", CreateTime: 123456789, MsgType: "event",
			Event: "VIEW", EventKey: "https://www.qq.com/",
		}},
		{"TextMessage", postPlain, wxcrypt.Event{
			ToUserName: wecomCorpID, FromUserName: "mycreate", CreateTime: 1409659813, MsgType: "text",
			Content: "hello", MsgId: "4561255354251345929", AgentID: 218,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := wxcrypt.ParseEvent([]byte(tc.xml))
			if err != nil {
				t.Fatalf("ParseEvent: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ParseEvent (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseEventRejects(t *testing.T) {
	for _, tc := range []struct{ name, xml string }{
		{"ErrEmpty", ""},
		{"ErrNotXML", "MsgType=event"},
		{"ErrTruncated", "<xml><MsgType>event</MsgType>"},
		{"ErrOtherRoot", "<event><MsgType>event</MsgType></event>"},
		{"ErrMismatchedTags", "<xml><MsgType>event</Event></xml>"},
		{"ErrCreateTime", "<xml><CreateTime>yesterday</CreateTime></xml>"},
		{"ErrDepartment", "<xml><Department><![CDATA[1,x]]></Department></xml>"},
		{"ErrPartyItems", "<xml><AddPartyItems>99999999999999999999</AddPartyItems></xml>"},
		{"ErrAgentID", "<xml><AgentID>12a</AgentID></xml>"},
		{"ErrInvalidChar", "<xml><Name>a\x01b</Name></xml>"},
		{"ErrInvalidUTF8", "<xml><Name>a\xffb</Name></xml>"},
		{"ErrTooLarge", "<xml><Content>" + strings.Repeat("a", wxcrypt.MaxBodySize) + "</Content></xml>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if ev, err := wxcrypt.ParseEvent([]byte(tc.xml)); !errors.Is(err, wxcrypt.ErrFormat) {
				t.Errorf("ParseEvent = %+v, %v; want ErrFormat", ev, err)
			}
		})
	}
}

// The simulator posts events rendered with XML; the app parses them with
// ParseEvent.
func TestEventXMLRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		ev   wxcrypt.Event
	}{
		{"CreateUser", wxcrypt.Event{
			ToUserName: "wwcorp", FromUserName: "sys", CreateTime: 1700000000, MsgType: "event", Event: "change_contact",
			ChangeType: "create_user", UserID: "wangwu", Name: "王五 <&> ]]> x", Department: wxcrypt.Int64List{1, 7},
			MainDepartment: 7, IsLeaderInDept: wxcrypt.Int64List{0, 1}, DirectLeader: wxcrypt.StringList{"lisi"},
			Position: "line1\r\nline2", Mobile: "+86 139", Gender: "1", Email: "a@b.c", BizMail: "a@corp.c", Status: "4",
			Avatar: "https://x/y?a=1&b=2", Alias: "ww", Telephone: "1", Address: "北京",
			ExtAttr: []wxcrypt.ExtAttr{{Name: "n", Text: "v"}, {Name: "w", Type: 1, WebTitle: "t", WebURL: "https://u"}},
		}},
		{"DeleteParty", wxcrypt.Event{MsgType: "event", Event: "change_contact", ChangeType: "delete_party", Id: 9}},
		{"UpdateTag", wxcrypt.Event{
			MsgType: "event", Event: "change_contact", ChangeType: "update_tag", TagId: 2,
			AddUserItems: wxcrypt.StringList{"a", "b"}, DelUserItems: wxcrypt.StringList{"c"},
			AddPartyItems: wxcrypt.Int64List{1}, DelPartyItems: wxcrypt.Int64List{2, 3},
		}},
		{"BatchJobResultOK", wxcrypt.Event{
			ToUserName: "wwcorp", FromUserName: "sys", CreateTime: 5, MsgType: "event", Event: "batch_job_result",
			JobId: "j1", JobType: "sync_user", ErrMsg: "ok",
		}},
		{"ExternalContact", wxcrypt.Event{
			MsgType: "event", Event: "change_external_contact", ChangeType: "del_external_contact", UserID: "u",
			ExternalUserID: "wm1", Source: "DELETE_BY_TRANSFER",
		}},
		{"TemplateSendJobFinish", wxcrypt.Event{MsgType: "event", Event: "TEMPLATESENDJOBFINISH", MsgId: "77", Status: "success"}},
		{"Message", wxcrypt.Event{
			MsgType: "location", MsgId: "1", LocationX: 23.134521, LocationY: -113.358803, Scale: 20, Label: "x",
			AgentID: 1000002,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := wxcrypt.ParseEvent(tc.ev.XML())
			if err != nil {
				t.Fatalf("ParseEvent(%s): %v", tc.ev.XML(), err)
			}
			if diff := cmp.Diff(tc.ev, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s\nXML: %s", diff, tc.ev.XML())
			}
		})
	}
}

// XML writes WeCom's element names and nesting, strings in CDATA.
func TestEventXMLFormat(t *testing.T) {
	ev := wxcrypt.Event{
		ToUserName: "wwcorp", FromUserName: "sys", CreateTime: 1425284517, MsgType: "event", Event: "batch_job_result",
		JobId: "j1", JobType: "replace_party", ErrMsg: "ok",
	}
	want := "<xml><ToUserName><![CDATA[wwcorp]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>" +
		"<CreateTime>1425284517</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[batch_job_result]]></Event>" +
		"<BatchJob><JobId><![CDATA[j1]]></JobId><JobType><![CDATA[replace_party]]></JobType><ErrCode>0</ErrCode>" +
		"<ErrMsg><![CDATA[ok]]></ErrMsg></BatchJob></xml>"
	if got := string(ev.XML()); got != want {
		t.Errorf("XML =\n%s\nwant\n%s", got, want)
	}

	contact := wxcrypt.Event{MsgType: "event", Event: "change_contact", ChangeType: "update_user", UserID: "a",
		Department: wxcrypt.Int64List{1, 2}, Name: "x]]>y"}
	for _, part := range []string{
		"<Department><![CDATA[1,2]]></Department>",
		"<Name><![CDATA[x]]]]><![CDATA[>y]]></Name>", // "]]>" split across two sections
		"<ChangeType><![CDATA[update_user]]></ChangeType>",
	} {
		if !bytes.Contains(contact.XML(), []byte(part)) {
			t.Errorf("XML %s lacks %s", contact.XML(), part)
		}
	}
	if bytes.Contains(contact.XML(), []byte("<BatchJob>")) || bytes.Contains(contact.XML(), []byte("<Id>")) {
		t.Errorf("XML %s carries zero-valued fields", contact.XML())
	}
}

// The whole path the simulator and the app take: event -> XML -> Encrypt
// -> Envelope -> DecryptMsg -> ParseEvent.
func TestEventThroughCallback(t *testing.T) {
	c := wecom(t)
	ev := wxcrypt.Event{
		ToUserName: wecomCorpID, FromUserName: "sys", CreateTime: 1700000000, MsgType: "event",
		Event: "change_contact", ChangeType: "delete_user", UserID: "wangwu",
	}
	enc, err := c.Encrypt(ev.XML())
	if err != nil {
		t.Fatal(err)
	}
	body := c.Envelope(enc, 0)
	plain, err := c.DecryptMsg(c.Signature("1700000000", "42", enc), "1700000000", "42", body)
	if err != nil {
		t.Fatalf("DecryptMsg: %v", err)
	}
	got, err := wxcrypt.ParseEvent(plain)
	if err != nil {
		t.Fatalf("ParseEvent: %v", err)
	}
	if diff := cmp.Diff(ev, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
