import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { listPlaceholders, renderSqlTemplate } from "../src";

describe("renderSqlTemplate", () => {
  it("renders each placeholder as a literal of its declared type", () => {
    const sql = renderSqlTemplate(
      "SELECT {name:String}, {at:DateTime}, {k:Float64}, {n:UInt32}, {names:Array(String)}, {pairs:Array(Tuple(String, Float64))}, {name:String}",
      { name: "it's", at: new Date("2024-05-01T00:00:00Z"), k: 2.5, n: 7, names: ["a", "b"], pairs: [["m", 1.5]] },
    );
    assert.equal(sql, "SELECT 'it\\'s', toDateTime('2024-05-01 00:00:00', 'UTC'), 2.5, 7, ['a', 'b'], [tuple('m', 1.5)], 'it\\'s'");
  });

  it("types empty arrays", () => {
    assert.equal(renderSqlTemplate("{pairs:Array(Tuple(String, String))}", { pairs: [] }), "CAST([] AS Array(Tuple(String, String)))");
  });

  it("refuses missing and mistyped values", () => {
    assert.throws(() => renderSqlTemplate("{a:String}", {}), /no value for the SQL parameter a/);
    assert.throws(() => renderSqlTemplate("{a:String}", { a: 1 }), /not a String/);
    assert.throws(() => renderSqlTemplate("{a:UInt32}", { a: -1 }), /not a UInt32/);
    assert.throws(() => renderSqlTemplate("{a:UInt32}", { a: 1.5 }), /not a UInt32/);
    assert.throws(() => renderSqlTemplate("{a:Float64}", { a: Number.NaN }), /not a Float64/);
    assert.throws(() => renderSqlTemplate("{a:DateTime}", { a: "2024-05-01" }), /not a DateTime/);
    assert.throws(() => renderSqlTemplate("{a:Array(String)}", { a: ["x", 1] }), /not a String/);
    assert.throws(() => renderSqlTemplate("{a:Tuple(String, Float64)}", { a: ["x"] }), /not a Tuple/);
    assert.throws(() => renderSqlTemplate("{a:Map(String, String)}", { a: {} }), /unsupported SQL parameter type/);
  });

  it("lists placeholders", () => {
    assert.deepEqual(listPlaceholders("{a:String} {b:Array(Tuple(String, Float64))}"), [
      { name: "a", type: "String" },
      { name: "b", type: "Array(Tuple(String, Float64))" },
    ]);
  });
});
