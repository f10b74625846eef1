-- A second HNSW index over the winners only (issue 5). "Winners only" is the default search; on
-- the full index it walks past ~85 % non-winners (iterative scan) to collect k winners, which
-- made it the slow filter. pgvector indexes a partial index like any other, and the planner uses
-- it whenever the query carries the same predicate (search.ts always writes `e.is_winner` for
-- winners-only searches). A flag change moves the row in or out of this index on update.
-- The name starts with the full index's name on purpose: plans read "Index Scan using
-- creative_embeddings_hnsw…" for both.
create index creative_embeddings_hnsw_winners on creative_embeddings
  using hnsw (embedding vector_cosine_ops) where is_winner;
