# pymilvus against what Elanus does not run (test/compat/unserved.test.ts prepares the server's
# collections and checks the output): DescribeIndex's extra `served_by` key as pymilvus shows it
# (describe_index, list_indexes and the ORM's Collection.indexes must not break on it), a refused
# partial update, and ignore_growing on query and search. Prints one JSON object.
import json
import sys

from pymilvus import Collection, MilvusClient, MilvusException, connections

COLL = "un_main"
INDEXES = "un_indexes"


def refusal(call):
    try:
        call()
    except MilvusException as e:
        return {"code": e.code, "message": e.message}
    return None


uri = sys.argv[1]
client = MilvusClient(uri=uri)
out = {}

described = client.describe_index(INDEXES, "ivf_pq")
out["describe_index"] = {k: described[k] for k in ("index_type", "metric_type", "params", "served_by")}
out["list_indexes"] = sorted(client.list_indexes(INDEXES))

connections.connect(alias="orm", uri=uri)
out["orm_indexes"] = {
    index.index_name: index.params.get("served_by") for index in Collection(INDEXES, using="orm").indexes
}

out["partial_update"] = refusal(lambda: client.upsert(COLL, [{"id": 1, "price": 99.0}], partial_update=True))
out["price_1"] = client.query(COLL, filter="id == 1", output_fields=["price"])[0]["price"]

out["query_ignore_growing"] = sorted(r["id"] for r in client.query(COLL, filter="id > 0", output_fields=["id"], ignore_growing=True))
hits = client.search(COLL, [[0.0, 1.0, 0.0, 0.0]], anns_field="vec", limit=100, ignore_growing=True)[0]
out["search_ignore_growing"] = sorted(h["id"] for h in hits)

print(json.dumps(out))
