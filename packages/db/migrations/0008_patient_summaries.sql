-- Placeholder until this migration is written; kept valid so every database migrates through it.
SELECT 1;
