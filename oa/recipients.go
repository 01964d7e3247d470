package oa

import (
	"context"
	"fmt"
)

// SummaryRecipients is how many recipients a RecipientSummary names: a row of the sent list reads "李四、王五、赵六
// 等 12 人".
const SummaryRecipients = 3

// RecipientSummary is who an item went to, in brief, for a row of a list: how many people, and the first few of
// them by employee id.
type RecipientSummary struct {
	Count int
	First []uint64
}

// RecipientSummaries returns the RecipientSummary of each of itemIDs that has recipients, in the tenant of ctx, in
// one query, without a viewer check: callers pass items the viewer already reached (a page of their list). Each
// item's rows are one range of collab_recipients' primary key (tenant_id, item_id, recipient_id), read from the
// index only, and only the first SummaryRecipients of each come back with the count.
func (s *Service) RecipientSummaries(ctx context.Context, itemIDs []uint64) (map[uint64]RecipientSummary, error) {
	out := make(map[uint64]RecipientSummary, len(itemIDs))
	if len(itemIDs) == 0 {
		return out, nil
	}
	db := s.db.WithContext(ctx)
	// The inner query is a model query, so the tenancy plugin scopes it; the outer one only filters its rows.
	ranked := db.Model(&Recipient{}).
		Select("item_id, recipient_id, "+
			"ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY recipient_id) AS pos, "+
			"COUNT(*) OVER (PARTITION BY item_id) AS total").
		Where("item_id IN ?", itemIDs)
	var rows []struct {
		ItemID, RecipientID uint64
		Total               int
	}
	if err := db.Raw("SELECT item_id, recipient_id, total FROM (?) AS ranked WHERE pos <= ? ORDER BY item_id, pos",
		ranked, SummaryRecipients).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("oa: recipient summaries: %w", err)
	}
	for _, r := range rows {
		sum := out[r.ItemID]
		sum.Count = r.Total
		sum.First = append(sum.First, r.RecipientID)
		out[r.ItemID] = sum
	}
	return out, nil
}
