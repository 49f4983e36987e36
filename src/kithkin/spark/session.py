"""A Spark session for kithkin's batch jobs, or one line saying what to install."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from typing import Any

from kithkin.errors import KithkinError

#: Settings for one machine shared with others: few shuffle partitions (the default 200 costs seconds of
#: task overhead per stage on small data), Arrow for the per-block scoring.
DEFAULTS: dict[str, str] = {
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.adaptive.enabled": "true",
    # Adaptive execution merges small shuffle partitions; the tie list is small (34 MiB at 10^5 people) but
    # the two-hop join it feeds is Σd² rows, and merged into one partition it ran as one task on one core
    # (bench/RESULTS.md, issue 17). Keep every shuffle at spark.sql.shuffle.partitions tasks.
    "spark.sql.adaptive.coalescePartitions.enabled": "false",
    "spark.driver.memory": "2g",
}


class SparkUnavailable(KithkinError):
    """Spark cannot start here: pyspark or a Java runtime is missing."""


def check() -> None:
    """Raise :class:`SparkUnavailable`, naming what to install, when pyspark or ``java`` is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkUnavailable("the Spark engine needs pyspark: pip install 'kithkin[spark]'") from None
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and os.path.exists(os.path.join(java_home, "bin", "java"))):
        raise SparkUnavailable(
            "the Spark engine needs a Java runtime (17 or 21): e.g. apt-get install default-jre-headless, "
            "or set JAVA_HOME"
        )


def session(
    master: str = "local[2]", *, app: str = "kithkin", ui: bool = True, config: Mapping[str, str] | None = None
) -> Any:
    """A Spark session on ``master`` (``local[2]``, ``spark://host:7077``, ``yarn``, …) with
    :data:`DEFAULTS` and ``config`` set; ``ui=False`` turns the web UI off (tests)."""
    check()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName(app)
    # Python workers run this interpreter on one machine (its kithkin); on a cluster, kithkin[spark] must be
    # installed on every worker (docs/spark.md).
    here = {"spark.pyspark.python": sys.executable} if master.startswith("local") else {}
    if here:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        # On one machine nothing needs to reach Spark from elsewhere: the driver and the web UI listen on
        # 127.0.0.1 only (Spark's UI otherwise binds every interface and advertises the first non-loopback
        # address). SPARK_LOCAL_IP is read by the JVM pyspark starts; a user's own setting wins.
        address = os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        here |= {"spark.driver.host": address, "spark.driver.bindAddress": address}
    for key, value in {
        **DEFAULTS,
        **here,
        "spark.ui.enabled": "true" if ui else "false",
        "spark.ui.showConsoleProgress": "true" if ui else "false",
        **(config or {}),
    }.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # py4j/JVM start-up failures surface as generic exceptions
        raise SparkUnavailable(f"Spark did not start on {master}: {str(exc).splitlines()[0]}") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def ui_url(spark: Any) -> str | None:
    """The Spark UI's address, when it is on."""
    url = spark.sparkContext.uiWebUrl
    return str(url) if url else None
