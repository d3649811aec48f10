// HybridSearch's rank_params as the protocol reads them (src/protocol/rank-params.ts): the legacy
// rankers, the result window, round_decimal and the group-by keys, with Milvus 2.6's texts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRankParams } from '../../src/protocol/rank-params.js';

const params = (entries: Record<string, string>) => new Map(Object.entries(entries));

test('no strategy is RRF with k = 60; weighted takes weights in [0, 1] and norm_score', () => {
  assert.deepEqual(parseRankParams(params({ limit: '5' })), { ranker: { strategy: 'rrf', k: 60 }, limit: 5, offset: 0, roundDecimal: -1 });
  const weighted = parseRankParams(params({ limit: '5', strategy: 'weighted', params: '{"weights":[0.25,1],"norm_score":true}' }));
  assert.deepEqual(weighted.ranker, { strategy: 'weighted', weights: [0.25, 1], normScore: true });
});

test('refusals carry Milvus 2.6 texts, plain Go errors (65535)', () => {
  const cases: [Record<string, string>, string][] = [
    [{}, 'limit not found in rank_params'],
    [{ limit: '5', strategy: 'max' }, 'unsupported rank type max'],
    [{ limit: '5', strategy: 'rrf', params: '{"k":0}' }, 'the rank params k should be in range (0, 16384)'],
    [{ limit: '5', strategy: 'weighted', params: '{"weights":[2]}' }, 'rank param weight should be in range [0, 1]'],
    [
      { limit: '5', strategy: 'weighted', params: '{"weights":[1],"norm_score":"yes"}' },
      "weighted rerank err, norm_score should been bool type, but [norm_score:yes]'s type is string",
    ],
    [{ limit: '16000', offset: '1000' }, 'invalid max query result window, (offset+limit) should be in range [1, 16384], but got 17000'],
    [{ limit: '5', round_decimal: '7' }, 'round_decimal [7] is invalid, should be -1 or an integer in range [0, 6]'],
  ];
  for (const [entries, message] of cases) assert.throws(() => parseRankParams(params(entries)), { code: 65535, message }, message);
});

test("group-by keys: strict_group_size is Go's ParseBool, as in a Search; a bad scorer is refused", () => {
  const group = (strict: string) =>
    parseRankParams(params({ limit: '5', group_by_field: 'g', group_size: '2', strict_group_size: strict })).groupBy;
  assert.deepEqual(group('True'), { field: 'g', groupSize: 2, strictGroupSize: true, scorer: 'max' });
  assert.equal(group('t')!.strictGroupSize, true);
  // Not one of Go's spellings: false, as parseGroupByInfo reads it.
  assert.equal(group('tRuE')!.strictGroupSize, false);
  assert.throws(() => parseRankParams(params({ limit: '5', group_by_field: 'g', rank_group_scorer: 'min' })), {
    code: 1100,
    message: 'input group scorer type: min is not supported!: invalid parameter',
  });
});
