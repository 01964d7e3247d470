-- WeChat's TEMPLATESENDJOBFINISH names a template message by its msgid (issue 13): its delivery is found by it, once
-- for every message sent, WHERE tenant_id=? AND msg_id=?. Without the index each event scans the tenant's whole
-- delivery history.
ALTER TABLE push_deliveries ADD INDEX ix_push_deliveries_msg_id (tenant_id, msg_id), ALGORITHM=INPLACE, LOCK=NONE;
