package outbox

import "fmt"

// KindSystemMessage is a message an associated system (PB or CRM, which reach WeChat only through messages, seed
// 000 §3.2.2) posted through the system API for one employee.
const KindSystemMessage = "system.message"

// SystemPayload is the payload of KindSystemMessage. Title and Content are plain text as the system sent them
// (already checked against WeCom's textcard limits); URL is where the card opens, empty for the H5 home. ToID is
// named to_id as in every other payload, because the push handler addresses every message by it.
type SystemPayload struct {
	System    string `json:"system"`
	MessageID string `json:"message_id"`
	Title     string `json:"title"`
	Content   string `json:"content"`
	URL       string `json:"url,omitempty"`
	ToID      uint64 `json:"to_id"`
	// ToAccount, instead of ToID, is a customer's or supplier's contact (an account without an employee), and Kept
	// the message as kept for them (sysmsg.ContactMessage), which their message list shows.
	ToAccount uint64 `json:"to_account,omitempty"`
	Kept      uint64 `json:"kept,omitempty"`
	EventTime int64  `json:"event_time"`
}

// SystemMessageKey is the dedup key of system code's message messageID (the caller's idempotency key) to employee
// toID. The employee comes last and is only digits, so two different (messageID, toID) pairs never share a key
// even when messageID contains ":to:".
func SystemMessageKey(code, messageID string, toID uint64) string {
	return fmt.Sprintf("system:%s:%s:to:%d", code, messageID, toID)
}

// SystemContactKey is the dedup key of system code's message messageID to the contact whose account is accountID;
// "contact" where an employee's key says "to" keeps the two apart.
func SystemContactKey(code, messageID string, accountID uint64) string {
	return fmt.Sprintf("system:%s:%s:contact:%d", code, messageID, accountID)
}
