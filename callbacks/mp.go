package callbacks

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/qiao-hq/qiao/apperr"
	"github.com/qiao-hq/qiao/tenancy"
	"github.com/qiao-hq/qiao/tenants"
	"github.com/qiao-hq/qiao/wechat/wxcrypt"
)

// ReceiverMP names the service account's events in the inbox, beside WeCom's receivers.
const ReceiverMP = "mp"

// MPSigned is what the service account puts in its server URL's query: signature over the Token, timestamp and
// nonce (every mode); in the safe and compat modes encrypt_type=aes and msg_signature over the Encrypt too.
type MPSigned struct {
	Signature, Timestamp, Nonce string
	EncryptType, MsgSignature   string
}

// TemplateJobs records what WeChat's TEMPLATESENDJOBFINISH says of a template message (push.Service has it).
type TemplateJobs interface {
	JobFinished(ctx context.Context, msgID, status string) (bool, error)
}

// jobWait is how long a job-finish event naming no delivery is tried again: a send whose answer was lost records its
// msgid only when its retry is answered, minutes later at most.
const jobWait = 10 * time.Minute

// QRScans records the WeChat that scanned a binding QR code for its owner to confirm (mpsignin.Service has it): false
// for any other scan.
type QRScans interface {
	Scanned(ctx context.Context, eventKey, openID string) (bool, error)
}

// MPTenants is the part of the tenants store the service account's intake reads.
type MPTenants interface {
	MPReceiver(ctx context.Context, slug string) (tenants.MPIntakeTarget, error)
	MPSettings(ctx context.Context) (tenants.MPSettings, error)
}

// VerifyMP answers the service account's URL verification (服务器配置's 提交): the signature over the Token,
// timestamp and nonce must hold, and echostr goes back as it came, in every mode. Refusals are the Err* above.
func (s *Service) VerifyMP(ctx context.Context, slug string, q MPSigned, echostr string) ([]byte, error) {
	if echostr == "" || len(echostr) > 1024 {
		return nil, refuse(ErrMalformed, errors.New("echostr is required"))
	}
	if err := (Signed{Signature: q.Signature, Timestamp: q.Timestamp, Nonce: q.Nonce}).check(s.Now()); err != nil {
		return nil, err
	}
	t, err := s.mpTarget(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !wxcrypt.VerifyPlain(t.Token, q.Signature, q.Timestamp, q.Nonce) {
		return nil, refuse(ErrSignature, nil)
	}
	return []byte(echostr), nil
}

// ReceiveMP takes in an event the service account posted. In the safe and compat modes the encrypted part is the
// event, its msg_signature checked and decrypted for the account's AppID; a plain post is taken only from an
// account set to plain mode (its body is signed by nothing), and carries the signature over the Token. The event
// then goes to the inbox like WeCom's (receiver "mp"), and is processed from the queue.
func (s *Service) ReceiveMP(ctx context.Context, slug string, q MPSigned, body []byte) (Receipt, error) {
	if len(body) > MaxEventBody {
		return Receipt{}, refuse(ErrTooLarge, fmt.Errorf("%d bytes", len(body)))
	}
	now := s.Now()
	if err := (Signed{Signature: q.Signature, Timestamp: q.Timestamp, Nonce: q.Nonce}).check(now); err != nil {
		return Receipt{}, err
	}
	t, err := s.mpTarget(ctx, slug)
	if err != nil {
		return Receipt{}, err
	}
	if !wxcrypt.VerifyPlain(t.Token, q.Signature, q.Timestamp, q.Nonce) {
		return Receipt{}, refuse(ErrSignature, nil)
	}
	plain := body
	switch {
	case q.EncryptType == "aes":
		cr, err := wxcrypt.New(t.Token, t.AESKey, t.AppID)
		if err != nil {
			return Receipt{}, apperr.Wrap(err, apperr.Internal, "service account keys of %s", slug)
		}
		if plain, err = cr.DecryptMsg(q.MsgSignature, q.Timestamp, q.Nonce, body); err != nil {
			return Receipt{}, cryptoRefusal(err)
		}
	case t.Mode != tenants.MPPlain:
		return Receipt{}, refuse(ErrSignature, fmt.Errorf("a plain post to an account in %s mode", t.Mode))
	}
	ev, err := wxcrypt.ParseEvent(plain)
	if err != nil {
		return Receipt{}, refuse(ErrMalformed, err)
	}
	if ev.MsgType == "" || len(ev.MsgType) > 32 || len(ev.Event) > 64 {
		return Receipt{}, refuse(ErrMalformed, errors.New("MsgType or Event missing or too long"))
	}
	return s.store(tenancy.WithTenant(ctx, t.TenantID), ReceiverMP, plain, ev, now)
}

// mpTarget loads the service account of tenant slug for the intake.
func (s *Service) mpTarget(ctx context.Context, slug string) (tenants.MPIntakeTarget, error) {
	if s.MPTenants == nil {
		return tenants.MPIntakeTarget{}, refuse(ErrUnknownReceiver, errors.New("no service accounts"))
	}
	t, err := s.MPTenants.MPReceiver(tenancy.System(ctx), slug)
	if apperr.Is(err, apperr.NotFound) {
		return tenants.MPIntakeTarget{}, refuse(ErrUnknownReceiver, err)
	}
	if err != nil {
		return tenants.MPIntakeTarget{}, apperr.OrInternal(err, "load service account")
	}
	return t, nil
}

// handleMP acts on a service account's event: a follow or an unfollow is recorded on the WeChat's binding (template
// messages reach followers only), and a template message's job-finish on its delivery.
func (s *Service) handleMP(ctx context.Context, ev wxcrypt.Event) (outcome, error) {
	switch ev.Event {
	case "subscribe", "unsubscribe":
		if s.MPTenants == nil {
			return ignored("没有服务号"), nil
		}
		st, err := s.MPTenants.MPSettings(ctx)
		if apperr.Is(err, apperr.NotFound) {
			return ignored("服务号已解绑"), nil
		}
		if err != nil {
			return outcome{}, err
		}
		if ev.Event == "subscribe" && s.QRScans != nil && ev.EventKey != "" {
			// A follow by scanning a binding QR code: the scan waits for the person's confirmation.
			if scanned, err := s.QRScans.Scanned(ctx, ev.EventKey, ev.FromUserName); err != nil {
				return outcome{}, err
			} else if scanned {
				return processed("扫码关注了服务号，等待账号确认绑定"), nil
			}
		}
		if err := s.Directory.SetWeChatSubscribed(ctx, st.AppID, ev.FromUserName, ev.Event == "subscribe"); err != nil {
			return outcome{}, err
		}
		if ev.Event == "subscribe" {
			return processed("关注了服务号"), nil
		}
		return processed("取消关注了服务号：不再向其发送模板消息"), nil
	case "SCAN":
		if s.QRScans == nil {
			return ignored("扫码：没有可绑定的二维码"), nil
		}
		scanned, err := s.QRScans.Scanned(ctx, ev.EventKey, ev.FromUserName)
		if err != nil {
			return outcome{}, err
		}
		if !scanned {
			return ignored("扫码：二维码不是绑定码，或已过期、已使用"), nil
		}
		return processed("扫码，等待账号确认绑定"), nil
	case "TEMPLATESENDJOBFINISH":
		if s.Templates == nil {
			return ignored("没有模板消息记录"), nil
		}
		found, err := s.Templates.JobFinished(ctx, ev.MsgId, ev.Status)
		if err != nil {
			return outcome{}, err
		}
		if !found {
			if s.Now().Sub(time.Unix(ev.CreateTime, 0)) < jobWait {
				// The queue tries the event again: the delivery may yet learn its msgid.
				return outcome{}, fmt.Errorf("callbacks: no delivery has template message %s yet", ev.MsgId)
			}
			return ignored(fmt.Sprintf("模板消息 %s 没有推送记录（已清理，或不是本服务发送的）", ev.MsgId)), nil
		}
		return processed(fmt.Sprintf("模板消息 %s 送达结果：%s", ev.MsgId, ev.Status)), nil
	default:
		return ignored(fmt.Sprintf("暂不处理的服务号事件 %s", ev.Event)), nil
	}
}
