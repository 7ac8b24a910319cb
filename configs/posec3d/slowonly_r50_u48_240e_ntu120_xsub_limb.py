"""PoseC3D SlowOnly-R50, mmaction2 0.x recipe (slowonly_r50_u48_240e_ntu120_xsub_limb), NTU RGB+D
120 cross-subject, limb heatmaps."""
_base_ = ['./slowonly_r50_u48_240e_ntu120_xsub_keypoint.py']

heatmap = 'limb'
# Differs from mmaction2: its limb file reads the NTU60 pickles, which contradicts its 120
# classes: this one reads the NTU120 ones.
