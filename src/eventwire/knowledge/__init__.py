"""Readers of the coding knowledge that several stages share.

Data files with line numbers (:mod:`.datafile`), actor dictionaries
(:mod:`.dictionary`), the gazetteer (:mod:`.gazetteer`) and the GeoNames
records it is built from (:mod:`.geonames`), the place linking
lists and the one resolver of place names (:mod:`.places`), the CAMEO
codebook with its PLOVER crosswalk (:mod:`.cameo`), the cue words of the
reporting frame that the events and attribution stages share (:mod:`.cues`).
The knowledge itself lives in ``eventwire/data/``.
"""
