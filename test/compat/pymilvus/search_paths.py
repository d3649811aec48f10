# Drives `elanus serve` through pymilvus (the copy in ../shared/clients/python) along every search
# path the engine's one pipeline serves: plain, filtered with output fields, grouped, hybrid with
# RRF, a search iterator, and two refusals. Prints one JSON object; test/compat/pymilvus.test.ts
# compares it with the brute-force answers computed from the same rows.
import json
import sys

from pymilvus import AnnSearchRequest, DataType, MilvusClient, MilvusException, RRFRanker

N = 60
Q1 = [3.3, 5.1, 2.7, 1.0]
Q2 = [0.2, 0.9, 0.4, 0.1]


def row(i):
    # 7, 11, 13 and 17 are units mod 61: every row's vectors differ, so no two scores tie.
    return {
        "id": i,
        "vec": [(i * 7) % 61 / 10, (i * 11) % 61 / 10, (i * 13) % 61 / 10, 1.0],
        "vec2": [(i * 17) % 61 / 60, (i * 3) % 61 / 60, 0.5, (i % 2) / 4],
        "cat": i % 4,
        "tag": "odd" if i % 2 else "even",
    }


def refusal(call):
    try:
        call()
    except MilvusException as e:
        return {"code": e.code, "message": e.message}
    return None


client = MilvusClient(uri=sys.argv[1])
schema = client.create_schema(auto_id=False)
schema.add_field("id", DataType.INT64, is_primary=True)
schema.add_field("vec", DataType.FLOAT_VECTOR, dim=4)
schema.add_field("vec2", DataType.FLOAT_VECTOR, dim=4)
schema.add_field("cat", DataType.INT64)
schema.add_field("tag", DataType.VARCHAR, max_length=8)
index_params = client.prepare_index_params()
index_params.add_index("vec", index_type="FLAT", metric_type="L2")
index_params.add_index("vec2", index_type="FLAT", metric_type="IP")
client.create_collection("py_search", schema=schema, index_params=index_params)
client.insert("py_search", [row(i) for i in range(1, N + 1)])
client.load_collection("py_search")

out = {}
out["plain"] = [h["id"] for h in client.search("py_search", [Q1], limit=3, anns_field="vec")[0]]
filtered = client.search("py_search", [Q1], limit=3, anns_field="vec", filter='tag == "odd"', output_fields=["tag"])[0]
out["filtered"] = [[h["id"], h["entity"]["tag"]] for h in filtered]
grouped = client.search("py_search", [Q1], limit=3, anns_field="vec", group_by_field="cat", output_fields=["cat"])[0]
out["grouped"] = [[h["id"], h["entity"]["cat"]] for h in grouped]
reqs = [
    AnnSearchRequest([Q1], "vec", {"metric_type": "L2"}, limit=5),
    AnnSearchRequest([Q2], "vec2", {"metric_type": "IP"}, limit=5),
]
out["hybrid"] = [h["id"] for h in client.hybrid_search("py_search", reqs, RRFRanker(60), limit=4)[0]]
iterator = client.search_iterator("py_search", [Q1], batch_size=7, anns_field="vec", search_params={"metric_type": "L2"})
walked = []
while True:
    page = iterator.next()
    if len(page) == 0:
        break
    walked.extend(h["id"] for h in page)
iterator.close()
out["iterator"] = walked
# (pymilvus checks round_decimal itself; a malformed filter reaches the server's plan parser.)
out["bad_filter"] = refusal(lambda: client.search("py_search", [Q1], limit=3, anns_field="vec", filter="cat >> 1"))
out["wrong_dim"] = refusal(lambda: client.search("py_search", [[1.0, 2.0]], limit=3, anns_field="vec"))
print(json.dumps(out))
