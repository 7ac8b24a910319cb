"""Segments cut from window scores, on cases worked out by hand from the module's rule: a
decision is the mean of the last ``smooth`` windows' scores, anchored at the mean of their
centre frames; a change of label cuts halfway between two decisions' anchors."""
import numpy as np
import pytest

from stgcn_kit.apis import Segment, Segmenter, WindowScores

NAMES = ['wave', 'sit']


def window(track, start, scores, length=10):
    return WindowScores(track, start, start + length - 1, length, np.asarray(scores, np.float32))


def feed(segmenter, windows):
    closed = []
    for w in windows:
        closed += segmenter.add(w)
    return closed


def test_a_change_cuts_halfway_between_the_anchors():
    # windows 0-9, 5-14 say wave; 10-19, 15-24 say sit: anchors 4.5, 9.5, 14.5, 19.5, so the
    # cut falls at floor((9.5 + 14.5) / 2) + 1 = 13
    segmenter = Segmenter(NAMES, threshold=0.5)
    closed = feed(segmenter, [window(0, 0, [0.9, 0.1]), window(0, 5, [0.8, 0.2]),
                              window(0, 10, [0.3, 0.7])])
    assert closed == [Segment(0, 0, 12, 0, 'wave', pytest.approx(0.85))]
    assert segmenter.current(0) == Segment(0, 13, 19, 1, 'sit', pytest.approx(0.7))
    feed(segmenter, [window(0, 15, [0.1, 0.9])])
    assert segmenter.close() == [Segment(0, 13, 24, 1, 'sit', pytest.approx(0.8))]
    assert segmenter.close() == []


def test_smoothing_moves_the_anchor_and_delays_the_change():
    # means of two windows: 0.9 wave (anchor 4.5), 0.9 wave (7), 0.5/0.5 -> wave, the first
    # best (12), then 0.9 sit (17) and 0.9 sit (22): the cut at floor((12 + 17) / 2) + 1 = 15
    segmenter = Segmenter(NAMES, threshold=0.5, smooth=2)
    wave, sit = [0.9, 0.1], [0.1, 0.9]
    closed = feed(segmenter, [window(0, s, sc) for s, sc in
                              ((0, wave), (5, wave), (10, sit), (15, sit), (20, sit))])
    assert closed == [Segment(0, 0, 14, 0, 'wave', pytest.approx((0.9 + 0.9 + 0.5) / 3))]
    assert segmenter.end(0) == [Segment(0, 15, 29, 1, 'sit', pytest.approx(0.9))]


def test_no_confident_class_is_background_and_tracks_are_apart():
    segmenter = Segmenter(NAMES, threshold=0.6)
    closed = feed(segmenter, [window(0, 0, [0.7, 0.3]), window(1, 0, [0.2, 0.8]),
                              window(0, 5, [0.55, 0.45]), window(1, 5, [0.1, 0.9]),
                              window(0, 10, [0.2, 0.8])])
    # track 0: wave (anchor 4.5), background (9.5, best 0.55), sit (14.5)
    assert closed == [Segment(0, 0, 7, 0, 'wave', pytest.approx(0.7)),
                      Segment(0, 8, 12, -1, 'background', pytest.approx(0.55))]
    assert segmenter.close() == [Segment(0, 13, 19, 1, 'sit', pytest.approx(0.8)),
                                 Segment(1, 0, 14, 1, 'sit', pytest.approx(0.85))]


def test_bad_arguments():
    with pytest.raises(ValueError, match='3 class scores for 2 class names'):
        Segmenter(NAMES).add(window(0, 0, [0.2, 0.3, 0.5]))
    with pytest.raises(ValueError, match='smooth'):
        Segmenter(NAMES, smooth=0)
