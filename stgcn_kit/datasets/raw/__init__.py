"""Converters from raw skeleton formats (NTU RGB+D, NW-UCLA, Kinetics-skeleton, custom folders,
ST-GCN/2s-AGCN arrays) to the annotation pickle; ``tools/data/*_gendata.py`` wrap them."""
