"""Reading a supplement label from a photo: the OCR engine behind a port (:mod:`bot.labels.reader`)
and the texts and buttons of the reading (:mod:`bot.labels.views`); the parsing is
:mod:`camag_core.labels`, the flow :mod:`bot.flows.labels`."""
