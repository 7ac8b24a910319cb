"""Property-based fuzzing of every reader, starting from real files (../shared/data) and
mutating them: truncated, bytes flipped, odd tokens (NaN, inf, huge counts, negative numbers,
words) in text, odd values and arrays in JSON and pickles.

The property (:func:`fuzzing.check_outcome`): a valid result or one ``ValueError`` naming the
file; an existing output is never destroyed and never left half written.

    FUZZ_EXAMPLES=5000 python -m pytest -q tests/fuzz     # a longer run, fresh examples
"""
import io
import json
import pickle
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np
import pytest
import torch
from fuzzing import (
    INT_LIMITS,
    NESTING_DEPTHS,
    check_outcome,
    dumps_json,
    fuzz_settings,
    mutated_bytes,
    mutated_lines,
    mutated_structure,
    nested_json,
)
from hypothesis import given
from hypothesis import strategies as st
from inference_helpers import save_like_the_runner, write_tiny_config

from stgcn_kit.datasets import PoseDataset
from stgcn_kit.datasets.annotation import MAX_CLASSES, validate_record
from stgcn_kit.datasets.raw.custom import convert_custom
from stgcn_kit.datasets.raw.kinetics import convert_kinetics
from stgcn_kit.datasets.raw.legacy import convert_legacy
from stgcn_kit.datasets.raw.ntu import convert_ntu
from stgcn_kit.datasets.raw.nwucla import convert_nwucla
from stgcn_kit.evaluation.fusion import load_stream

NTU_SAMPLES = ('S001C001P001R001A001', 'S001C003P008R002A058')  # one body; two bodies
KINETICS_CLIP = 'sAP-xS5P0Bw'
UCLA_SAMPLE = 'a01_s01_e00_v01'
SENTINEL = b'an output written earlier'


def valid_annotation(anno) -> None:
    assert isinstance(anno, dict) and anno['annotations']
    for record in anno['annotations']:
        validate_record(record)


def run_converter(reader: str, write_inputs: Callable[[Path], None],
                  convert: Callable[[Path, Path], object]) -> None:
    """Write the inputs into a fresh folder beside an existing output and check the
    converter's outcome."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_inputs(folder)
        out = folder / 'out' / 'anno.pkl'
        out.parent.mkdir()
        out.write_bytes(SENTINEL)
        check_outcome(reader, lambda: convert(folder, out), str(folder), out, SENTINEL,
                      valid_annotation)


def crop_ntu(text: str, frames: int) -> str:
    """The first ``frames`` frames of a ``.skeleton`` file, its frame count rewritten."""
    lines = text.splitlines()
    pos = 1
    for _ in range(frames):
        bodies = int(lines[pos])
        pos += 1 + bodies * (2 + 25)
    return '\n'.join([str(frames)] + lines[1:pos]) + '\n'


@pytest.fixture(scope='module')
def ntu_texts(shared_data):
    return [crop_ntu((shared_data / 'ntu-rgbd-raw' / f'{name}.skeleton').read_text(), 12)
            for name in NTU_SAMPLES]


def write_file(relative: str, data: bytes) -> Callable[[Path], None]:
    """A writer of ``data`` to ``folder/relative`` (its parent folders made), for
    :func:`run_converter`."""
    def write(folder: Path) -> None:
        (folder / relative).parent.mkdir(parents=True)
        (folder / relative).write_bytes(data)
    return write


def write_ntu(name: str, data: bytes) -> Callable[[Path], None]:
    return write_file(f'raw/{name}.skeleton', data)


def convert_ntu_folder(folder: Path, out: Path):
    return convert_ntu(str(folder / 'raw'), str(out), 'ntu60')


@fuzz_settings(60)
@given(st.data())
def test_ntu_skeleton_text(ntu_texts, data):
    which = data.draw(st.integers(0, len(ntu_texts) - 1))
    text = data.draw(mutated_lines(ntu_texts[which], head_lines=6))
    run_converter('ntu .skeleton', write_ntu(NTU_SAMPLES[which], text.encode()),
                  convert_ntu_folder)


@fuzz_settings(30)
@given(st.data())
def test_ntu_skeleton_bytes(ntu_texts, data):
    which = data.draw(st.integers(0, len(ntu_texts) - 1))
    raw = data.draw(mutated_bytes(ntu_texts[which].encode()))
    run_converter('ntu .skeleton', write_ntu(NTU_SAMPLES[which], raw), convert_ntu_folder)


@pytest.fixture(scope='module')
def kinetics_clip(shared_data):
    return (shared_data / 'kinetics-skeleton' / 'kinetics_train' /
            f'{KINETICS_CLIP}.json').read_bytes()


def write_kinetics(data: bytes) -> Callable[[Path], None]:
    return write_file(f'kinetics_train/{KINETICS_CLIP}.json', data)


def convert_kinetics_folder(folder: Path, out: Path):
    return convert_kinetics(str(folder), str(out))


@fuzz_settings(60)
@given(st.data())
def test_kinetics_json_values(kinetics_clip, data):
    clip = data.draw(mutated_structure(json.loads(kinetics_clip)))
    run_converter('kinetics json', write_kinetics(dumps_json(clip)), convert_kinetics_folder)


@fuzz_settings(30)
@given(st.data())
def test_kinetics_json_bytes(kinetics_clip, data):
    run_converter('kinetics json', write_kinetics(data.draw(mutated_bytes(kinetics_clip))),
                  convert_kinetics_folder)


@pytest.fixture(scope='module')
def ucla_json(shared_data):
    return (shared_data / 'nw-ucla' / 'all_sqe' / f'{UCLA_SAMPLE}.json').read_bytes()


def write_ucla(data: bytes) -> Callable[[Path], None]:
    return write_file(f'all_sqe/{UCLA_SAMPLE}.json', data)


def convert_ucla_folder(folder: Path, out: Path):
    return convert_nwucla(str(folder), str(out))


@fuzz_settings(50)
@given(st.data())
def test_nwucla_json_values(ucla_json, data):
    sample = data.draw(mutated_structure(json.loads(ucla_json)))
    run_converter('nw-ucla json', write_ucla(dumps_json(sample)), convert_ucla_folder)


@fuzz_settings(30)
@given(st.data())
def test_nwucla_json_bytes(ucla_json, data):
    run_converter('nw-ucla json', write_ucla(data.draw(mutated_bytes(ucla_json))),
                  convert_ucla_folder)


@pytest.fixture(scope='module')
def custom_inputs(ucla_json):
    """A real NW-UCLA sequence as a custom sample: ``.npy`` and ``.json`` forms and the CSV."""
    skeletons = np.array(json.loads(ucla_json)['skeletons'], np.float32)
    buffer = tempfile.SpooledTemporaryFile()
    np.save(buffer, skeletons)
    buffer.seek(0)
    return dict(npy=buffer.read(), json=dumps_json({'keypoint': skeletons.tolist()}),
                csv='name,label,split\nwalk,3,train\nwave,1,val\n')


def write_custom(npy: bytes, sample_json: bytes, csv: str) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        (folder / 'walk.npy').write_bytes(npy)
        (folder / 'wave.json').write_bytes(sample_json)
        (folder / 'labels.csv').write_text(csv)
    return write


def convert_custom_folder(folder: Path, out: Path):
    return convert_custom(str(folder), str(folder / 'labels.csv'), str(out), layout='nw-ucla')


@fuzz_settings(60)
@given(st.data())
def test_custom_npy_json_csv(custom_inputs, data):
    npy, sample_json, csv = custom_inputs['npy'], custom_inputs['json'], custom_inputs['csv']
    target = data.draw(st.sampled_from(['npy', 'json values', 'json bytes', 'csv']))
    if target == 'npy':
        npy = data.draw(mutated_bytes(npy))
    elif target == 'json values':
        sample_json = dumps_json(data.draw(mutated_structure(json.loads(sample_json))))
    elif target == 'json bytes':
        sample_json = data.draw(mutated_bytes(sample_json))
    else:
        csv = data.draw(mutated_lines(csv.replace(',', ' '), head_lines=3)).replace(' ', ',')
    run_converter('custom npy/json/csv', write_custom(npy, sample_json, csv),
                  convert_custom_folder)


@pytest.fixture(scope='module')
def annotation(shared_data, tmp_path_factory):
    """Two real NW-UCLA sequences converted by the project's converter."""
    folder = tmp_path_factory.mktemp('ucla') / 'all_sqe'
    folder.mkdir()
    for name in (UCLA_SAMPLE, 'a02_s01_e00_v03'):
        (folder / f'{name}.json').symlink_to(shared_data / 'nw-ucla' / 'all_sqe' / f'{name}.json')
    return convert_nwucla(str(folder.parent))


def read_pickle_file(reader: str, data: bytes, load: Callable[[str], object],
                     valid: Callable[[object], None]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / 'input.pkl'
        path.write_bytes(data)
        check_outcome(reader, lambda: load(str(path)), str(path), valid=valid)


def load_dataset(path: str):
    return PoseDataset(path, split='train', num_node='nw-ucla')


def valid_dataset(dataset) -> None:
    for i in range(len(dataset)):
        validate_record(dataset.get_data_info(i), 20)


@fuzz_settings(60)
@given(st.data())
def test_annotation_pickle(annotation, data):
    if data.draw(st.booleans()):
        raw = pickle.dumps(data.draw(mutated_structure(annotation)), protocol=5)
    else:
        raw = data.draw(mutated_bytes(pickle.dumps(annotation, protocol=5)))
    read_pickle_file('annotation pickle', raw, load_dataset, valid_dataset)


@pytest.fixture(scope='module')
def results(annotation):
    """A result file as ``tools/test.py --out`` writes it, for the real samples."""
    rng = np.random.default_rng(0)
    return [dict(frame_dir=r['frame_dir'], gt_label=r['label'],
                 pred_score=rng.random(10).astype(np.float32))
            for r in annotation['annotations']]


@fuzz_settings(50)
@given(st.data())
def test_result_pickle(results, data):
    if data.draw(st.booleans()):
        raw = pickle.dumps(data.draw(mutated_structure(results)), protocol=5)
    else:
        raw = data.draw(mutated_bytes(pickle.dumps(results, protocol=5)))
    read_pickle_file('result pickle', raw, load_stream, lambda stream: None)


@pytest.fixture(scope='module')
def checkpoint(tmp_path_factory):
    """A checkpoint as a training run writes it (numpy parts included) of a tiny model."""
    folder = tmp_path_factory.mktemp('ckpt')
    config = write_tiny_config(folder, 'nw-ucla')
    path = folder / 'tiny.pth'
    save_like_the_runner(config, path)
    return config, path.read_bytes()


@fuzz_settings(50)
@given(st.data())
def test_checkpoint(checkpoint, data):
    from stgcn_kit.apis import init_recognizer
    config, raw = checkpoint
    if data.draw(st.booleans()):
        content = torch.load(io.BytesIO(raw), weights_only=False)
        content = data.draw(mutated_structure(content, with_arrays=False))
        buffer = io.BytesIO()
        torch.save(content, buffer)
        raw = buffer.getvalue()
    else:
        raw = data.draw(mutated_bytes(raw))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / 'input.pth'
        path.write_bytes(raw)
        check_outcome('checkpoint', lambda: init_recognizer(config, path, 'cpu'), str(path))


def test_the_unmutated_files_convert(ntu_texts, kinetics_clip, ucla_json, custom_inputs,
                                     tmp_path):
    # the fuzz tests' starting points are valid: their failures come from the mutations
    for i, (name, text) in enumerate(zip(NTU_SAMPLES, ntu_texts)):
        (tmp_path / f"ntu{i}").mkdir()
        write_ntu(name, text.encode())(tmp_path / f"ntu{i}")
        valid_annotation(convert_ntu_folder(tmp_path / f'ntu{i}', tmp_path / f'ntu{i}.pkl'))
    cases = [(write_kinetics(kinetics_clip), convert_kinetics_folder),
             (write_ucla(ucla_json), convert_ucla_folder),
             (write_custom(custom_inputs['npy'], custom_inputs['json'], custom_inputs['csv']),
              convert_custom_folder)]
    for i, (write, convert) in enumerate(cases):
        (tmp_path / f'case{i}').mkdir()
        write(tmp_path / f'case{i}')
        valid_annotation(convert(tmp_path / f'case{i}', tmp_path / f'case{i}.pkl'))


def _with_field(text: bytes, field: str, value: str) -> bytes:
    """The JSON object ``text`` with ``field`` replaced by the JSON text ``value``."""
    return json.dumps(dict(json.loads(text), **{field: '<here>'})).replace(
        '"<here>"', value).encode()


@pytest.mark.parametrize('depth', NESTING_DEPTHS)
@pytest.mark.parametrize('place', ['whole file', 'data field'])
def test_json_nested_to_any_depth(kinetics_clip, ucla_json, custom_inputs, depth, place):
    """Arrays within arrays, down to numpy's dimension limit and beyond the interpreter's
    recursion limit, in each JSON converter: the whole file, or the field of the poses."""
    cases = [(kinetics_clip, 'data', write_kinetics, convert_kinetics_folder),
             (ucla_json, 'skeletons', write_ucla, convert_ucla_folder),
             (custom_inputs['json'], 'keypoint',
              lambda data: write_custom(custom_inputs['npy'], data, custom_inputs['csv']),
              convert_custom_folder)]
    for text, field, write, convert in cases:
        data = nested_json(depth).encode() if place == 'whole file' else \
            _with_field(text, field, nested_json(depth))
        run_converter(f'json nested {depth} deep', write(data), convert)


LABELS_AT_LIMITS = INT_LIMITS + [-1, MAX_CLASSES - 1, MAX_CLASSES]


@pytest.mark.parametrize('label', LABELS_AT_LIMITS)
def test_labels_at_the_integer_limits(kinetics_clip, custom_inputs, tmp_path, label):
    """A label is a class index below MAX_CLASSES; beyond that (int32, int64, uint64 and
    further) the converters refuse it naming the file."""
    valid = valid_annotation if 0 <= label < MAX_CLASSES else _must_fail
    with_label = _with_field(kinetics_clip, 'label_index', str(label))
    csv = custom_inputs['csv'].replace('walk,3', f'walk,{label}')
    for write, convert in [(write_kinetics(with_label), convert_kinetics_folder),
                           (write_custom(custom_inputs['npy'], custom_inputs['json'], csv),
                            convert_custom_folder)]:
        with tempfile.TemporaryDirectory() as tmp:
            write(Path(tmp))
            check_outcome('labels at limits',
                          lambda c=convert, t=tmp: c(Path(t), Path(t) / 'out.pkl'), tmp,
                          valid=valid)
    names = ['s']
    np.save(tmp_path / 'x.npy', np.ones((1, 3, 4, 25, 1), np.float32))
    for labels in ([label], np.array([label]) if -2**63 <= label < 2**63 else [label]):
        (tmp_path / 'label.pkl').write_bytes(pickle.dumps((names, labels)))
        check_outcome('labels at limits', lambda: convert_legacy(
            str(tmp_path / 'x.npy'), str(tmp_path / 'label.pkl')), str(tmp_path / 'label.pkl'),
            valid=valid)


def _must_fail(result) -> None:
    raise AssertionError(f'an out-of-range label was accepted: {result}')


def test_ntu_counts_at_the_integer_limits(ntu_texts):
    """The frame, body and joint counts of an NTU file at and beyond the integer limits."""
    lines = ntu_texts[0].splitlines()
    for index in (0, 1, 3):  # frame count, body count of frame 1, its joint count
        for value in INT_LIMITS:
            text = '\n'.join(lines[:index] + [str(value)] + lines[index + 1:]) + '\n'
            run_converter('ntu counts at limits', write_ntu(NTU_SAMPLES[0], text.encode()),
                          convert_ntu_folder)


@pytest.mark.parametrize('value', INT_LIMITS)
def test_kinetics_frame_index_at_the_integer_limits(kinetics_clip, value):
    """A frame index sizes the clip's arrays: the converter refuses it before allocating."""
    clip = json.loads(kinetics_clip)
    clip['data'][-1]['frame_index'] = value
    run_converter('kinetics frame_index at limits', write_kinetics(dumps_json(clip)),
                  convert_kinetics_folder)
