"""Every GCN and PoseC3D pipeline of PYSKL's configs, run by our transforms, gives PYSKL's
arrays and frame indices step by step on real records, from the same global random state; every
GCN pipeline of mmaction2 1.x's configs gives mmaction2's with its two named differences set.

``tests/data/pyskl_pipelines`` (see its README) holds PYSKL's outputs after every step of every
train/val/test pipeline of its configs (the steps before ``Collect``/``ToTensor``) on real NTU
RGB+D and Kinetics records of lengths below, between one and two times, and above twice the
clip length, made by PYSKL's own code; ``tests/data/mmaction2_pipelines`` the same of mmaction2
1.x's skeleton GCN configs, made by mmaction2's code. PYSKL's pipelines are built here from its
config dicts unchanged; mmaction2's with ``interval_draws=False`` in ``UniformSampleFrames`` and
``threshold=None`` in ``PreNormalize2D`` (``docs/pyskl_compatibility.md``).
"""
import ast
import json
import random
from pathlib import Path

import numpy as np
import pytest
from array_sketch import sketch_error

from stgcn_kit.registry import TRANSFORMS

DATA = Path(__file__).parents[2] / 'data'
SOURCES = ('pyskl_pipelines', 'mmaction2_pipelines')
CASES = [(source, i, case) for source in SOURCES
         for i, case in enumerate(json.loads((DATA / source / 'cases.json').read_text())['cases'])]
# mmaction2's transforms are PYSKL's but for these, which our keywords name
MMACTION2 = {'UniformSampleFrames': dict(interval_draws=False),
             'PreNormalize2D': dict(threshold=None)}
# float32 arithmetic here against PYSKL's float64 in places (e.g. PreNormalize3D's rotations)
TOLERANCE = 1e-5
# a heatmap's Gaussians (sigma 0.6 px) magnify the float32 rounding of the joint positions
HEATMAP_TOLERANCE = 1e-4


@pytest.fixture(scope='module')
def references():
    out = {}
    for source in SOURCES:
        with np.load(DATA / source / 'pipelines.npz', allow_pickle=False) as data:
            out[source] = {key: data[key] for key in data.files}
    return out


def _record(arrays: dict, name: str) -> dict:
    prefix = f'record/{name}/'
    record = {}
    for key, value in arrays.items():
        if key.startswith(prefix):
            field = key[len(prefix):]
            record[field] = value.item() if value.ndim == 0 else value.copy()
    record['img_shape'] = tuple(int(v) for v in record['img_shape']) if 'img_shape' in record \
        else None
    if record['img_shape'] is None:
        del record['img_shape']
    if 'original_shape' in record:
        record['original_shape'] = tuple(int(v) for v in record['original_shape'])
    return record


def _case_id(source: str, case: dict) -> str:
    mode = 'test' if case['test_mode'] else 'train'
    return f"{source.split('_')[0]}:{case['configs'][0].split(':')[0]}-{mode}-{case['record']}"


@pytest.mark.parametrize('source, index, case', CASES, ids=[_case_id(s, c) for s, _, c in CASES])
def test_pipeline_matches_the_reference(source, index, case, references):
    arrays = references[source]
    pipeline = ast.literal_eval(case['pipeline'])
    if source == 'mmaction2_pipelines':
        pipeline = [dict(t, **MMACTION2.get(t['type'], {})) for t in pipeline]
    results = _record(arrays, case['record'])
    results['test_mode'] = case['test_mode']
    np.random.seed(case['seed'])
    random.seed(case['seed'])  # PYSKL's crops draw from Python's RNG
    for step, transform in enumerate(pipeline):
        results = TRANSFORMS.build(dict(transform))(results)
        where = f"step {step} ({transform['type']}) of {case['configs'][0]}"
        prefix = f'case{index}/{step}/'
        for key in [k[len(prefix):] for k in arrays if k.startswith(prefix)]:
            expected = arrays[prefix + key]
            if key == 'rng':
                if not case['test_mode']:  # same draws in the same order
                    state = np.random.get_state()
                    got = [state[2], int(state[1].astype(np.int64).sum()),
                           sum(random.getstate()[1])]
                    assert got == expected.tolist(), f'{where}: other random draws'
                continue
            assert key in results, f'{where}: the reference has {key!r}, we do not'
            error = sketch_error(np.asarray(results[key]), expected)
            limit = {'frame_inds': 0, 'imgs': HEATMAP_TOLERANCE}.get(key, TOLERANCE)
            assert error <= limit, f'{where}: {key} differs from the reference ({error:.3g})'
