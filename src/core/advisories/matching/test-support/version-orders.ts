import { assert } from "vitest";
import type { Ecosystem } from "../../../model/types.js";
import type { OsvRangeType } from "../../schema/osv.js";
import { type VersionOrder, versionOrderFor } from "../version-order.js";

/** The version order of a range type the tests know exists (fails the test otherwise). */
export function orderFor(type: OsvRangeType, ecosystem: Ecosystem): VersionOrder {
  const order = versionOrderFor(type, ecosystem);
  assert.exists(order, `${type} order for ${ecosystem}`);
  return order;
}
