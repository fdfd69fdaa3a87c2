"""Entry point for ``spark-submit``: the arguments of ``eventwire code --engine spark``.

    spark-submit --master yarn "$(python -c 'import eventwire.cli.spark_main as m; print(m.__file__)')" \\
        hdfs:///news/2024/ --out hdfs:///coded/2024/

The master and resources come from spark-submit; the inputs and --out from
the arguments here.
"""

from __future__ import annotations

import sys

from eventwire.cli import main


def run(argv: list[str] | None = None) -> None:
    """Run ``eventwire code --engine spark`` with these arguments."""
    args = list(sys.argv[1:] if argv is None else argv)
    main(["code", "--engine", "spark", *args], prog_name="eventwire")


if __name__ == "__main__":
    run()
