"""The input side: one analyzer per input kind, each turning file text into facts."""
