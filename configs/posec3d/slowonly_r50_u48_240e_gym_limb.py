"""PoseC3D SlowOnly-R50, mmaction2 0.x recipe (slowonly_r50_u48_240e_gym_limb), FineGYM (99
classes; its metric is mean-class accuracy, acc/mean1), limb heatmaps."""
_base_ = ['./slowonly_r50_u48_240e_gym_keypoint.py']

heatmap = 'limb'
