-- No change to the database: three migrations of this session were written side by side, each from its own
-- copy of schema.prisma. This snapshot records the merged schema.prisma they add up to, so the next
-- migration is generated against the whole schema.
SELECT 1;
