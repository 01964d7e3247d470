package oa

import (
	"context"
	"time"
)

// TenantZone is the zone in which the people of the tenant in ctx read times: WeCom cards, messages, the H5. A
// card that says 18:21 in its header and 02:21 in its body reads as two events, so every time a person reads goes
// through here (or FormatTime) rather than picking a zone where it is formatted.
//
// Tenants have no zone setting yet, and every customer is in China, so this is ChinaTime for every tenant. A
// setting would be read here; the H5 formats in the same zone (h5/src/utils/format.ts).
func TenantZone(ctx context.Context) *time.Location {
	_ = ctx // the tenant whose setting this will read
	return ChinaTime
}

// InTenantZone is t in the zone of the tenant in ctx, for layouts other than TimeLayout.
func InTenantZone(ctx context.Context, t time.Time) time.Time { return t.In(TenantZone(ctx)) }

// FormatTime is t as the people of the tenant in ctx read it: TimeLayout in TenantZone.
func FormatTime(ctx context.Context, t time.Time) string {
	return InTenantZone(ctx, t).Format(TimeLayout)
}
