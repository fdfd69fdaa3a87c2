"""Apache Spark engine: the same per-article function, run in ``mapPartitions``.

Each executor's Python worker builds the pipeline (and loads the spaCy
model) once and keeps it for every partition it codes. Results are written
as Parquet, one folder per store table (``articles/``, ``sentences/``,
``actors/``, ``events/``), which ``eventwire load`` brings into DuckDB and
Spark SQL can query directly.

Input is spread over the cluster in one of two ways: many files are
distributed as paths, each read by the executor that codes it (the paths
must be readable there: a shared or distributed file system); a few files
are read on the driver and their articles distributed.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pyarrow as pa

from eventwire.batches import batched
from eventwire.errors import ConfigError
from eventwire.records import Article, Problem
from eventwire.settings import Settings
from eventwire.stages.ingest import input_files, read_articles
from eventwire.store.schema import ACTORS, ARTICLES, EVENTS, SENTENCES, tables_of

log = logging.getLogger(__name__)

OUTPUT_TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES, "sentences": SENTENCES, "actors": ACTORS, "events": EVENTS,
}


@dataclass(frozen=True, slots=True)
class SparkRun:
    """What a Spark run coded."""

    articles: int
    events: int
    problems: tuple[Problem, ...]


def spark_type(arrow_type: pa.DataType) -> Any:
    """The Spark SQL type of an Arrow column type of the store."""
    from pyspark.sql import types as T

    simple = {
        pa.string(): T.StringType(), pa.date32(): T.DateType(), pa.int8(): T.ByteType(),
        pa.int32(): T.IntegerType(), pa.int64(): T.LongType(), pa.float64(): T.DoubleType(),
        pa.timestamp("s"): T.TimestampType(), pa.bool_(): T.BooleanType(), pa.binary(): T.BinaryType(),
    }
    if arrow_type in simple:
        return simple[arrow_type]
    if pa.types.is_list(arrow_type):
        return T.ArrayType(spark_type(arrow_type.value_type))
    raise ConfigError(f"No Spark type for store column type {arrow_type}")


def spark_schema(schema: pa.Schema) -> Any:
    """A Spark StructType for a store table's Arrow schema."""
    from pyspark.sql import types as T

    return T.StructType([T.StructField(f.name, spark_type(f.type), f.nullable) for f in schema])


def _rows_of(articles: list[Article], settings: Settings) -> Iterator[tuple[str, tuple]]:
    from eventwire.scale.local import code_articles

    tables = tables_of(code_articles(articles, settings))
    for name, schema in OUTPUT_TABLES.items():
        names = schema.names
        for row in tables[name].to_pylist():
            yield name, tuple(row[n] for n in names)


def code_article_partition(settings: Settings, articles: Iterable[Article]) -> Iterator[tuple[str, tuple]]:
    """mapPartitions function: articles in, (table, row) pairs out."""
    for batch in batched(articles, settings.batch_size):
        yield from _rows_of(batch, settings)


def code_file_partition(settings: Settings, paths: Iterable[str]) -> Iterator[tuple[str, tuple]]:
    """mapPartitions function: file paths in, (table, row) pairs and ("problems", ...) out."""
    problems: list[Problem] = []
    articles = read_articles(list(paths), problems.append, strict=settings.strict)
    for batch in batched(articles, settings.batch_size):
        yield from _rows_of(batch, settings)
    for p in problems:
        yield "problems", (p.path, p.line, p.reason, p.record_id)


def session(master: str | None = None, app_name: str = "eventwire") -> Any:
    """A SparkSession: the given master, the one spark-submit set, or local on all cores."""
    from pyspark.sql import SparkSession

    # Executors run this interpreter unless the cluster says otherwise.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    elif "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", "") and not os.environ.get("SPARK_HOME"):
        builder = builder.master("local[*]")
    return (builder.config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate())


def code_spark(inputs: Iterable[str | Path], out: str | Path, settings: Settings, master: str | None = None,
               partitions: int | None = None, spark: Any = None) -> SparkRun:
    """Code inputs on Spark and write Parquet folders of the store tables under ``out``.

    Raises:
        InputError: with ``settings.strict``, at the first bad input record.
    """
    from functools import partial

    spark = spark or session(master)
    sc = spark.sparkContext
    parallelism = partitions or sc.defaultParallelism
    problems: list[Problem] = []
    files = [str(p) for p in input_files(inputs, problems.append)]
    if len(files) >= 2 * parallelism:
        rdd = sc.parallelize(files, min(len(files), parallelism * 4)).mapPartitions(
            partial(code_file_partition, settings))
    else:
        articles = list(read_articles(files, problems.append, strict=settings.strict))
        slices = max(1, min(len(articles), parallelism * 2))
        rdd = sc.parallelize(articles, slices).mapPartitions(partial(code_article_partition, settings))
    coded = rdd.cache()
    try:
        counts: dict[str, int] = {}
        for name, schema in OUTPUT_TABLES.items():
            rows = coded.filter(lambda pair, n=name: pair[0] == n).map(lambda pair: pair[1])
            frame = spark.createDataFrame(rows, spark_schema(schema))
            frame.write.mode("overwrite").parquet(str(Path(out) / name))
            counts[name] = spark.read.parquet(str(Path(out) / name)).count()
        for path, line, reason, record_id in coded.filter(lambda pair: pair[0] == "problems").map(
                lambda pair: pair[1]).collect():
            problems.append(Problem(path, line, reason, record_id))
    finally:
        coded.unpersist()
    return SparkRun(counts["articles"], counts["events"], tuple(problems))


class SparkOutput:
    """The Parquet folders a Spark run wrote, read back: its articles, and a coder that hands out their rows.

    ``eventwire load`` gives both to :func:`eventwire.corpus.code_corpus`, so a
    Spark run is deduplicated, stored and clustered like a local one; the
    coding itself was done on the cluster.

    Raises:
        ConfigError: ``directory`` lacks one of the table folders.
    """

    def __init__(self, directory: str | Path) -> None:
        import duckdb

        self.directory = Path(directory)
        missing = [name for name in OUTPUT_TABLES if not (self.directory / name).is_dir()]
        if missing:
            raise ConfigError(f"{self.directory} lacks the Parquet folders {missing}; it should hold what "
                              f"'eventwire code --engine spark --out {self.directory}' wrote")
        reader = duckdb.connect()
        try:
            self.tables = {
                name: reader.sql(f"SELECT * FROM read_parquet('{_quote(str(self.directory / name / '*.parquet'))}')")
                .to_arrow_table()
                for name in OUTPUT_TABLES
            }
        finally:
            reader.close()
        self._rows = {name: _rows_by_article(table, "id" if name == "articles" else "article_id")
                      for name, table in self.tables.items()}

    def __len__(self) -> int:
        return self.tables["articles"].num_rows

    def articles(self) -> Iterator[Article]:
        """The articles the run coded, in the order it wrote them."""
        names = [f.name for f in fields(Article)]
        for row in self.tables["articles"].select(names).to_pylist():
            yield Article(**row)

    def coder(self, batch_size: int) -> Callable[[Iterable[Article]], Iterator[dict[str, pa.Table]]]:
        """A coder (see :data:`eventwire.corpus.Coder`) that gives each article the rows the run coded for it."""

        def code(articles: Iterable[Article]) -> Iterator[dict[str, pa.Table]]:
            for batch in batched(articles, batch_size):
                yield {name: table.take(pa.array([i for a in batch for i in self._rows[name].get(a.id, ())],
                                                 pa.int64()))
                       for name, table in self.tables.items()}

        return code


def _rows_by_article(table: pa.Table, key: str) -> dict[str, list[int]]:
    """Row numbers of a table by article id, in table order."""
    rows: dict[str, list[int]] = {}
    for i, article_id in enumerate(table.column(key).to_pylist()):
        rows.setdefault(article_id, []).append(i)
    return rows


def _quote(path: str) -> str:
    return path.replace("'", "''")
