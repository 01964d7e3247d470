package outbox

import "fmt"

// Kinds of the WeCom callback inbox (package callbacks). Their messages are not cards: the relay hands them to
// their own tasks, which process an inbox row or pull the external contacts, and mark the message done.
const (
	// KindWeComEvent processes one event of the callback inbox.
	KindWeComEvent = "wecom.event"
	// KindWeComPull pulls every external contact of the tenant from WeCom.
	KindWeComPull = "wecom.pull_external"
)

// WeComEventPayload is the payload of KindWeComEvent: the inbox row to process.
type WeComEventPayload struct {
	InboxID uint64 `json:"inbox_id"`
}

// WeComEventKey is the dedup key of the processing of inbox row id; replay is 0 for the first processing and n for
// the admin's n-th replay, so each replay is a message of its own.
func WeComEventKey(id uint64, replay int) string {
	return fmt.Sprintf("%s:%d:%d", KindWeComEvent, id, replay)
}

// WeComPullPayload is the payload of KindWeComPull.
type WeComPullPayload struct {
	Requested int64 `json:"requested"` // Unix seconds
}

// KindStaffImport applies a previewed staff import (package staffsheet) as a job.
const KindStaffImport = "staff.import"

// StaffImportPayload is the payload of KindStaffImport.
type StaffImportPayload struct {
	ImportID uint64 `json:"import_id"`
}

// KindContactSync runs a sync of the directory to WeCom (package contactsync) as a job.
const KindContactSync = "contacts.sync"

// ContactSyncPayload is the payload of KindContactSync.
type ContactSyncPayload struct {
	SyncID uint64 `json:"sync_id"`
}
