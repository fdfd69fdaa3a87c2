"""Writing the fine-tuned encoder for coding: ONNX, weights quantised to int8, run by onnxruntime."""

from __future__ import annotations

import logging
import tempfile
import warnings
from pathlib import Path

import torch

from eventwire.training.bert import Classifier

INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")


def export_onnx(model: Classifier, out: Path, quantise: bool = True) -> None:
    """Write ``model`` to ``out`` as ONNX (label probabilities from the three BERT inputs), int8 by default."""
    dummy = tuple(torch.ones((2, 8), dtype=torch.long) for _ in INPUT_NAMES)
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUT_NAMES} | {"probabilities": {0: "batch"}}
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the exporter's notes on tracing say nothing about this graph
            torch.onnx.export(model, dummy, str(plain), input_names=list(INPUT_NAMES),
                              output_names=["probabilities"], dynamic_axes=axes, opset_version=17, dynamo=False)
        if not quantise:
            out.write_bytes(plain.read_bytes())
            return
        from onnxruntime.quantization import QuantType, quantize_dynamic

        root = logging.getLogger()
        level = root.level
        root.setLevel(logging.ERROR)  # the quantiser advises, on the root logger, a step this graph does not need
        try:
            quantize_dynamic(str(plain), str(out), weight_type=QuantType.QInt8)
        finally:
            root.setLevel(level)
