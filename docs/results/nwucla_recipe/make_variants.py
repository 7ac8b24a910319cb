"""Recipe study: splits of NW-UCLA and variants of the generated ST-GCN joint config."""
import copy, re, subprocess, sys
from pathlib import Path
from mmengine.config import Config
from stgcn_kit.datasets.raw.common import write_annotation
from stgcn_kit.utils.io import load_pickle

R = Path('<tmp>')
P75 = [None]
SRC = 'data/nw-ucla/nw-ucla.pkl'
PY = 'python'

def split_pickles():
    (R / 'data').mkdir(exist_ok=True)
    out = {'xview100': SRC}
    p30 = R / 'data/xview30.pkl'
    if not p30.exists():
        subprocess.run([PY, 'tools/data/subset_split.py', SRC, '--fraction', '0.3', '--out', str(p30)], check=True)
    out['xview30'] = str(p30)
    pxs = R / 'data/xsub.pkl'
    if not pxs.exists():
        anno = load_pickle(SRC)
        names = [r['frame_dir'] for r in anno['annotations']]
        subj = {n: int(re.search(r'_s(\d+)_', n).group(1)) for n in names}
        anno['split'] = {'train': [n for n in names if subj[n] % 2 == 1],
                         'val': [n for n in names if subj[n] % 2 == 0]}
        write_annotation(anno, str(pxs))
    out['xsub'] = str(pxs)
    return out

def steps(cfg):
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        yield loader, cfg[loader]['dataset']['pipeline']

def variant(base: Config, name: str) -> Config:
    cfg = copy.deepcopy(base)
    parts = name.split('+')
    for part in parts:
        if part == 'base':
            continue
        elif part == 'yaw':  # wide rotation about the aligned spine axis (z)
            for t in cfg.train_dataloader.dataset.pipeline:
                if t['type'] == 'RandomRot':
                    t['theta'] = (0.3, 0.3, 1.05)
        elif part == 'center':  # centring only, no spine/shoulder alignment
            for _, p in steps(cfg):
                for t in p:
                    if t['type'] == 'PreNormalize3D':
                        t['align_spine'] = False
        elif part == 'yawy':  # wide rotation about the camera's y (unaligned data)
            for t in cfg.train_dataloader.dataset.pipeline:
                if t['type'] == 'RandomRot':
                    t['theta'] = (0.3, 1.05, 0.3)
        elif part == 'clipp75':
            n = P75[0]
            for _, p in steps(cfg):
                for t in p:
                    if t['type'] == 'UniformSampleFrames':
                        t['clip_len'] = n
        elif part.startswith('clip'):
            n = int(part[4:])
            for _, p in steps(cfg):
                for t in p:
                    if t['type'] == 'UniformSampleFrames':
                        t['clip_len'] = n
        elif part.startswith('ep'):  # epochs x factor
            f = float(part[2:])
            e = int(round(cfg.train_cfg.max_epochs * f))
            cfg.train_cfg.max_epochs = e
            cfg.train_cfg.val_interval = max(1, e // 5)
            cfg.param_scheduler[0]['end'] = round(e / 10, 4)
        else:
            raise ValueError(part)
    return cfg

if __name__ == '__main__':
    pick = split_pickles()
    for split, pkl in pick.items():
        d = R / split
        d.mkdir(exist_ok=True)
        base_file = d / 'gen_j.py'
        if not base_file.exists():
            subprocess.run([PY, 'tools/data/make_config.py', pkl, '--layout', 'nw-ucla', '--out', str(base_file)], check=True)
        base = Config.fromfile(str(base_file))
        from stgcn_kit.apis.data_config import summarize
        import math
        summ = summarize(load_pickle(pkl), pkl)
        P75[0] = int(min(100, max(16, 4 * math.ceil(summ.lengths[2] / 4))))
        print(split, 'p75 clip', P75[0])
        for name in sys.argv[1:]:
            cfg = variant(base, name)
            cfg.dump(str(d / f'{name}.py'))
            print(split, name, cfg.train_cfg.max_epochs)
