-- One row per answered prediction (a shadow version's answer is its own row, route 'shadow').
-- probabilities: float64 little-endian in label order (text would cost more CPU to write than the insert);
-- support: the conditions an input was out of support in, comma-separated, or null.
CREATE TABLE predictions (
  request_id    TEXT NOT NULL,
  row_index     INTEGER NOT NULL,
  model         TEXT NOT NULL,
  version       TEXT NOT NULL,
  route         TEXT NOT NULL,
  path          TEXT NOT NULL,
  at_ms         BIGINT NOT NULL,
  input         TEXT,
  answer        TEXT NOT NULL,
  value         DOUBLE PRECISION,
  probabilities BYTEA,
  confidence    DOUBLE PRECISION,
  support       TEXT
);
-- No unique key: a batch is written in one transaction, so a failed write leaves nothing to duplicate, and a
-- unique index over random request ids made every insert a random B-tree write.
CREATE INDEX predictions_request ON predictions (request_id);
CREATE INDEX predictions_model_at ON predictions (model, at_ms);

-- The latest label per prediction; corrections counts how often it was replaced.
CREATE TABLE labels (
  request_id  TEXT NOT NULL,
  row_index   INTEGER NOT NULL,
  label       TEXT,
  value       DOUBLE PRECISION,
  at_ms       BIGINT NOT NULL,
  corrections INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (request_id, row_index)
);
CREATE INDEX labels_at ON labels (at_ms);
